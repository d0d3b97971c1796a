{{/* Connection settings. Passwords only ever come from Secrets: Npgsql reads PGPASSWORD when the connection
     string has none (any character works, nothing to escape); Redis gets $(REDIS_PASSWORD), which Kubernetes
     expands from the variable defined just before it. */}}

{{- define "endpoint-stats.databaseEnv" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.external.url }}
{{- if contains ":" (urlParse $pg.external.url).userinfo }}{{ fail "postgresql.external.url must not contain a password: use postgresql.external.existingSecret" }}{{ end }}
{{- if $pg.external.existingSecret }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.external.existingSecret }}
      key: {{ $pg.external.passwordKey }}
{{- end }}
- name: DATABASE_URL
  value: {{ $pg.external.url | quote }}
{{- else }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "endpoint-stats.secretName" . }}
      key: postgres-password
- name: ConnectionStrings__Postgres
  value: {{ printf "Host=%s;Port=5432;Database=%s;Username=%s" (include "endpoint-stats.postgresHost" .) $pg.database $pg.username | quote }}
{{- end }}
{{- end }}

{{- define "endpoint-stats.redisEnv" -}}
{{- $redis := .Values.redis -}}
{{- if $redis.external.url }}
{{- if $redis.external.existingSecret }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.external.existingSecret }}
      key: {{ $redis.external.passwordKey }}
- name: ConnectionStrings__Redis
  value: {{ printf "%s,password=$(REDIS_PASSWORD),abortConnect=false" $redis.external.url | quote }}
{{- else }}
- name: ConnectionStrings__Redis
  value: {{ printf "%s,abortConnect=false" $redis.external.url | quote }}
{{- end }}
{{- else }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "endpoint-stats.secretName" . }}
      key: redis-password
- name: ConnectionStrings__Redis
  value: {{ printf "%s:6379,password=$(REDIS_PASSWORD),abortConnect=false" (include "endpoint-stats.redisHost" .) | quote }}
{{- end }}
{{- end }}

{{/* Everything a role's container needs in its environment; call with the role context. */}}
{{- define "endpoint-stats.roleEnv" -}}
{{- $root := .root -}}
{{- $role := .role -}}
{{- $uses := $role.uses -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- if $uses.database }}
{{- include "endpoint-stats.databaseEnv" $root }}
{{- end }}
{{- if $uses.redis }}
{{- include "endpoint-stats.redisEnv" $root }}
{{- end }}
{{- if $uses.signingKey }}
- name: Identity__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ include "endpoint-stats.secretName" $root }}
      key: jwt-signing-key
{{- end }}
{{- if $uses.ingestKey }}
- name: Analytics__IngestKey
  valueFrom:
    secretKeyRef:
      name: {{ include "endpoint-stats.secretName" $root }}
      key: ingest-key
{{- end }}
{{- if $uses.rateLimitRules }}
# Only roles that mount the rules read them (the gateway and the ratelimiter); the file must exist at start.
- name: RateLimiting__RulesFile
  value: /etc/endpoint-stats/ratelimit/rules.json
- name: RateLimiting__ExpectedReplicas
  value: {{ ternary $role.autoscaling.minReplicas $role.replicaCount $role.autoscaling.enabled | int | quote }}
{{- end }}
{{- if $uses.routesToRoles }}
{{- range $other, $_ := $root.Values.roles }}
{{- $cfg := include "endpoint-stats.roleConfig" (dict "root" $root "name" $other) | fromJson }}
{{- if and $cfg.enabled (ne $other $.name) (not $cfg.uses.routesToRoles) }}
- name: Services__{{ $cfg.serviceKey }}__Url
  value: {{ printf "http://%s-%s:8080" (include "endpoint-stats.fullname" $root) $other | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if $uses.kubernetesApi }}
{{- range $i, $ns := $role.namespaces | default (list $root.Release.Namespace) }}
- name: Cluster__Namespaces__{{ $i }}
  value: {{ $ns | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := $role.env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
