{{/* The one workload template: a role's Deployment. Call with (dict "root" $ "name" role "role" config). */}}
{{- define "endpoint-stats.role.deployment" -}}
{{- $root := .root -}}
{{- $role := .role -}}
{{- $uses := $role.uses -}}
{{- $ids := include "endpoint-stats.platformIds" $root | fromJson -}}
{{- $labels := dict "root" $root "component" .name -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "endpoint-stats.fullname" $root }}-{{ .name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "endpoint-stats.labels" $labels | nindent 4 }}
spec:
  {{- if not $role.autoscaling.enabled }}
  replicas: {{ $role.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  selector:
    matchLabels:
      {{- include "endpoint-stats.selectorLabels" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "endpoint-stats.labels" $labels | nindent 8 }}
        {{- if $uses.database }}
        endpoint-stats.io/postgresql-client: "true"
        {{- end }}
        {{- if $uses.redis }}
        endpoint-stats.io/redis-client: "true"
        {{- end }}
      annotations:
        # Only settings read at start roll the pods; the rate-limit rules file is re-read in place.
        checksum/settings: {{ include (print $root.Template.BasePath "/settings-configmap.yaml") $root | sha256sum }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $role.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "endpoint-stats.fullname" $root }}-{{ .name }}
      automountServiceAccountToken: {{ $uses.kubernetesApi | default false }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $role.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "endpoint-stats.podSecurityContext" $ids | nindent 8 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if and $uses.database (not $root.Values.postgresql.external.url) }}
      # Bundled PostgreSQL does not exist before the first install, so the pre-install hook cannot
      # migrate it; the same command runs here (idempotent, under an advisory lock) instead.
      initContainers:
        - name: migrate
          image: {{ include "endpoint-stats.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["endpoint-stats", "migrate"]
          env:
            {{- include "endpoint-stats.databaseEnv" $root | trim | nindent 12 }}
          resources:
            {{- toYaml $root.Values.migrate.resources | nindent 12 }}
          securityContext:
            {{- include "endpoint-stats.containerSecurityContext" $ids | nindent 12 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "endpoint-stats.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["endpoint-stats", "serve"]
          args: ["--role", {{ .name | quote }}]
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          envFrom:
            - configMapRef:
                name: {{ include "endpoint-stats.fullname" $root }}-settings
          env:
            {{- include "endpoint-stats.roleEnv" . | trim | nindent 12 }}
          startupProbe:
            httpGet: {path: /healthz/live, port: http}
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet: {path: /healthz/live, port: http}
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /healthz/ready, port: http}
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          resources:
            {{- toYaml $role.resources | nindent 12 }}
          securityContext:
            {{- include "endpoint-stats.containerSecurityContext" $ids | nindent 12 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            - {name: data, mountPath: /var/lib/endpoint-stats}
            {{- if $uses.rateLimitRules }}
            - {name: ratelimit-rules, mountPath: /etc/endpoint-stats/ratelimit, readOnly: true}
            {{- end }}
            {{- if $role.persistence.enabled }}
            - {name: persistence, mountPath: {{ $role.persistence.mountPath }}}
            {{- end }}
            {{- with $role.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {sizeLimit: 256Mi}
        - name: data
          emptyDir: {sizeLimit: 1Gi}
        {{- if $uses.rateLimitRules }}
        - name: ratelimit-rules
          configMap:
            name: {{ include "endpoint-stats.fullname" $root }}-ratelimit-rules
        {{- end }}
        {{- if $role.persistence.enabled }}
        - name: persistence
          persistentVolumeClaim:
            claimName: {{ include "endpoint-stats.fullname" $root }}-{{ .name }}
        {{- end }}
        {{- with $role.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if $role.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $key := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
        - maxSkew: {{ $role.topologySpread.maxSkew }}
          topologyKey: {{ $key }}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "endpoint-stats.selectorLabels" $labels | nindent 14 }}
        {{- end }}
      {{- end }}
      {{- with $role.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $role.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $role.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
