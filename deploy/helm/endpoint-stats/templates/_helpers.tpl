{{/* Names, labels and the pieces every pod shares. */}}

{{- define "endpoint-stats.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "endpoint-stats.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else if contains (include "endpoint-stats.name" .) .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "endpoint-stats.name" .) | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels of every object; call with (dict "root" $ "component" "gateway"). */}}
{{- define "endpoint-stats.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "endpoint-stats.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: endpoint-stats
{{- end }}

{{- define "endpoint-stats.selectorLabels" -}}
app.kubernetes.io/name: {{ include "endpoint-stats.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/* Selects every pod of the release (default deny, DNS). */}}
{{- define "endpoint-stats.releaseSelector" -}}
app.kubernetes.io/name: {{ include "endpoint-stats.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "endpoint-stats.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if eq $tag "latest" }}{{ fail "image.tag must not be \"latest\": pin a version" }}{{ end -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}:{{ $tag }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ $tag }}
{{- end }}
{{- end }}

{{/* Pod Security "restricted" at pod level; call with (dict "uid" 1654 "gid" 1654). */}}
{{- define "endpoint-stats.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .gid }}
fsGroup: {{ .gid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "endpoint-stats.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .gid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "endpoint-stats.platformIds" -}}
{{- dict "uid" .Values.securityContext.runAsUser "gid" .Values.securityContext.runAsGroup | toJson }}
{{- end }}

{{- define "endpoint-stats.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "endpoint-stats.fullname" .) }}
{{- end }}

{{- define "endpoint-stats.postgresHost" -}}
{{- include "endpoint-stats.fullname" . }}-postgresql
{{- end }}

{{- define "endpoint-stats.redisHost" -}}
{{- include "endpoint-stats.fullname" . }}-redis
{{- end }}

{{/* The role's values over roleDefaults; booleans inside nested blocks are copied explicitly
     because sprig's merge treats false as "unset". Call with (dict "root" $ "name" "gateway"). */}}
{{- define "endpoint-stats.roleConfig" -}}
{{- $values := index .root.Values.roles .name | default dict -}}
{{- $merged := mergeOverwrite (deepCopy .root.Values.roleDefaults) (deepCopy $values) -}}
{{- range $block := list "autoscaling" "pdb" "topologySpread" "persistence" -}}
{{- $own := index $values $block | default dict -}}
{{- if hasKey $own "enabled" -}}
{{- $_ := set (index $merged $block) "enabled" (index $own "enabled") -}}
{{- end -}}
{{- end -}}
{{- $_ := set $merged "uses" (index $values "uses" | default dict) -}}
{{- $merged | toJson -}}
{{- end }}
