{{/* Egress rules to the data stores, bundled (pod selector) or external (CIDRs and the URL's port). */}}

{{- define "endpoint-stats.egress.postgresql" -}}
{{- $ext := .Values.postgresql.external.url -}}
{{- if $ext }}
{{- $host := (urlParse $ext).host }}
- to:
    {{- range .Values.networkPolicy.externalServices.cidrs }}
    - ipBlock: {cidr: {{ . | quote }}}
    {{- end }}
  ports:
    - {port: {{ ternary (splitList ":" $host | last) "5432" (contains ":" $host) }}, protocol: TCP}
{{- else }}
- to:
    - podSelector:
        matchLabels:
          {{- include "endpoint-stats.selectorLabels" (dict "root" . "component" "postgresql") | nindent 10 }}
  ports:
    - {port: 5432, protocol: TCP}
{{- end }}
{{- end }}

{{- define "endpoint-stats.egress.redis" -}}
{{- $ext := .Values.redis.external.url -}}
{{- if $ext }}
{{- $host := splitList "," $ext | first }}
- to:
    {{- range .Values.networkPolicy.externalServices.cidrs }}
    - ipBlock: {cidr: {{ . | quote }}}
    {{- end }}
  ports:
    - {port: {{ ternary (splitList ":" $host | last) "6379" (contains ":" $host) }}, protocol: TCP}
{{- else }}
- to:
    - podSelector:
        matchLabels:
          {{- include "endpoint-stats.selectorLabels" (dict "root" . "component" "redis") | nindent 10 }}
  ports:
    - {port: 6379, protocol: TCP}
{{- end }}
{{- end }}

{{/* A role's own policy: who may call it and what it may call. Call with the role context. */}}
{{- define "endpoint-stats.role.networkPolicy" -}}
{{- $root := .root -}}
{{- $uses := .role.uses -}}
{{- $np := $root.Values.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "endpoint-stats.fullname" $root }}-{{ .name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" (dict "root" $root "component" .name) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "endpoint-stats.selectorLabels" (dict "root" $root "component" .name) | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if .role.public }}
    # The ingress controller reaches the public entry point.
    - from:
        - namespaceSelector: {{ toJson $np.ingressController.namespaceSelector }}
          podSelector: {{ toJson $np.ingressController.podSelector }}
      ports:
        - {port: 8080, protocol: TCP}
    {{- else }}
    # Internal roles are called by the gateway only.
    - from:
        - podSelector:
            matchLabels:
              {{- include "endpoint-stats.selectorLabels" (dict "root" $root "component" "gateway") | nindent 14 }}
      ports:
        - {port: 8080, protocol: TCP}
    {{- end }}
    # Prometheus scrapes /metrics on the same port.
    - from:
        - namespaceSelector: {{ toJson $np.prometheus.namespaceSelector }}
          podSelector: {{ toJson $np.prometheus.podSelector }}
      ports:
        - {port: 8080, protocol: TCP}
  egress:
    {{- if $uses.routesToRoles }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "endpoint-stats.releaseSelector" $root | nindent 14 }}
            matchExpressions:
              - {key: app.kubernetes.io/component, operator: NotIn, values: [postgresql, redis, migrate, backup]}
      ports:
        - {port: 8080, protocol: TCP}
    {{- end }}
    {{- if $uses.database }}
    {{- include "endpoint-stats.egress.postgresql" $root | nindent 4 }}
    {{- end }}
    {{- if $uses.redis }}
    {{- include "endpoint-stats.egress.redis" $root | nindent 4 }}
    {{- end }}
    {{- if $uses.kubernetesApi }}
    # The Kubernetes API server (outside the pod network on most clusters, hence CIDRs).
    - to:
        {{- range $np.kubernetesApi.cidrs }}
        - ipBlock: {cidr: {{ . | quote }}}
        {{- end }}
      ports:
        {{- range $np.kubernetesApi.ports }}
        - {port: {{ . }}, protocol: TCP}
        {{- end }}
    {{- end }}
{{- end }}
