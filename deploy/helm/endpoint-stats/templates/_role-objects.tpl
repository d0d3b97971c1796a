{{/* The rest of a role: Service, ServiceAccount, namespaced RBAC, HPA, PDB and PVC. */}}

{{- define "endpoint-stats.role.service" -}}
{{- $labels := dict "root" .root "component" .name -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "endpoint-stats.fullname" .root }}-{{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" $labels | nindent 4 }}
    endpoint-stats.io/metrics: "true"
spec:
  type: ClusterIP
  selector:
    {{- include "endpoint-stats.selectorLabels" $labels | nindent 4 }}
  ports:
    - {name: http, port: 8080, targetPort: http, protocol: TCP}
{{- end }}

{{- define "endpoint-stats.role.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "endpoint-stats.fullname" .root }}-{{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" (dict "root" .root "component" .name) | nindent 4 }}
automountServiceAccountToken: {{ .role.uses.kubernetesApi | default false }}
{{- end }}

{{/* A read-only Role (and its binding to the role's ServiceAccount) in every namespace the role watches. */}}
{{- define "endpoint-stats.role.rbac" -}}
{{- $name := printf "%s-%s" (include "endpoint-stats.fullname" .root) .name -}}
{{- $labels := include "endpoint-stats.labels" (dict "root" .root "component" .name) -}}
{{- $root := .root -}}
{{- $rules := .role.rbac.rules -}}
{{- range $i, $ns := .role.namespaces | default (list .root.Release.Namespace) }}
{{- if $i }}
---
{{- end }}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $name }}
  namespace: {{ $ns }}
  labels:
    {{- $labels | nindent 4 }}
rules:
  {{- toYaml $rules | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $name }}
  namespace: {{ $ns }}
  labels:
    {{- $labels | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $name }}
subjects:
  - kind: ServiceAccount
    name: {{ $name }}
    namespace: {{ $root.Release.Namespace }}
{{- end }}
{{- end }}

{{- define "endpoint-stats.role.hpa" -}}
{{- $name := printf "%s-%s" (include "endpoint-stats.fullname" .root) .name -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" (dict "root" .root "component" .name) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ .role.autoscaling.minReplicas }}
  maxReplicas: {{ .role.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: {{ .role.autoscaling.targetCPUUtilizationPercentage }}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}

{{- define "endpoint-stats.role.pdb" -}}
{{- $labels := dict "root" .root "component" .name -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "endpoint-stats.fullname" .root }}-{{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" $labels | nindent 4 }}
spec:
  minAvailable: {{ .role.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "endpoint-stats.selectorLabels" $labels | nindent 6 }}
{{- end }}

{{- define "endpoint-stats.role.pvc" -}}
{{- $p := .role.persistence -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "endpoint-stats.fullname" .root }}-{{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" (dict "root" .root "component" .name) | nindent 4 }}
  annotations:
    # Image bytes outlive an uninstall; delete the claim by hand to drop them.
    helm.sh/resource-policy: keep
spec:
  accessModes:
    {{- toYaml $p.accessModes | nindent 4 }}
  {{- if $p.storageClass }}
  storageClassName: {{ $p.storageClass }}
  {{- end }}
  resources:
    requests:
      storage: {{ $p.size }}
{{- end }}
