{{/* Chart name. */}}
{{- define "airlock.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name prefix of resources. */}}
{{- define "airlock.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "airlock.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "airlock.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Common labels; call with (dict "root" $ "component" "webhook"). */}}
{{- define "airlock.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "airlock.selectorLabels" . }}
{{- end -}}

{{/* Selector labels; call with (dict "root" $ "component" "webhook"). */}}
{{- define "airlock.selectorLabels" -}}
app.kubernetes.io/name: {{ include "airlock.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
Image reference registry/repository:tag@digest; call with (dict "root" $ "image" .Values.x.image).
global.imageRegistry replaces the image's registry (air gap).
*/}}
{{- define "airlock.image" -}}
{{- $registry := .image.registry -}}
{{- if .root.Values.global.imageRegistry -}}{{- $registry = .root.Values.global.imageRegistry -}}{{- end -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- $ref := printf "%s:%s" .image.repository $tag -}}
{{- if $registry -}}{{- $ref = printf "%s/%s" $registry $ref -}}{{- end -}}
{{- if .image.digest -}}{{- $ref = printf "%s@%s" $ref .image.digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/* imagePullSecrets block of a pod spec. */}}
{{- define "airlock.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Pod securityContext shared by every pod (Pod Security "restricted" compatible). */}}
{{- define "airlock.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container securityContext shared by every container. */}}
{{- define "airlock.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* Name of the ConfigMap holding the hosts.toml files. */}}
{{- define "airlock.hostsConfigMap" -}}
{{- printf "%s-mirror-hosts" (include "airlock.fullname" .) -}}
{{- end -}}

{{/* Name of the ConfigMap holding the policy. */}}
{{- define "airlock.policyConfigMap" -}}
{{- printf "%s-policy" (include "airlock.fullname" .) -}}
{{- end -}}

{{/* Name of the webhook Service. */}}
{{- define "airlock.webhookService" -}}
{{- printf "%s-webhook" (include "airlock.fullname" .) -}}
{{- end -}}

{{/* Name of the webhook TLS Secret. */}}
{{- define "airlock.webhookTlsSecret" -}}
{{- printf "%s-webhook-tls" (include "airlock.fullname" .) -}}
{{- end -}}

{{/* Path of the mirror credentials file inside containers. */}}
{{- define "airlock.authFile" -}}
/etc/airlock/registry-auth/config.json
{{- end -}}

{{/*
Volumes for the mirror hosts directory and credentials (pod spec "volumes" items).
*/}}
{{- define "airlock.mirrorVolumes" -}}
- name: mirror-hosts
{{- if eq .Values.mirror.hostsFrom "hostPath" }}
  hostPath:
    path: {{ .Values.mirror.hostsDir }}
    type: Directory
{{- else }}
  configMap:
    name: {{ include "airlock.hostsConfigMap" . }}
{{- if .Values.mirror.hosts }}
    items:
{{- end }}
{{- range $i, $h := .Values.mirror.hosts }}
      - key: {{ printf "h%d.hosts.toml" $i }}
        path: {{ printf "%s/hosts.toml" $h.host }}
{{- range $name, $_ := ($h.files | default dict) }}
      - key: {{ printf "h%d.%s" $i $name }}
        path: {{ printf "%s/%s" $h.host $name }}
{{- end }}
{{- end }}
{{- end }}
{{- if .Values.mirror.credentialsSecret }}
- name: registry-auth
  secret:
    secretName: {{ .Values.mirror.credentialsSecret }}
    items:
      - key: {{ .Values.mirror.credentialsSecretKey }}
        path: config.json
{{- end }}
{{- end -}}

{{/* volumeMounts for airlock.mirrorVolumes. */}}
{{- define "airlock.mirrorVolumeMounts" -}}
- name: mirror-hosts
  mountPath: {{ .Values.mirror.hostsDir }}
  readOnly: true
{{- if .Values.mirror.credentialsSecret }}
- name: registry-auth
  mountPath: /etc/airlock/registry-auth
  readOnly: true
{{- end }}
{{- end -}}

{{/* Environment for the mirror keys shared by webhook and probe. */}}
{{- define "airlock.mirrorEnv" -}}
- name: AIRLOCK_MIRROR_HOSTS_DIR
  value: {{ .Values.mirror.hostsDir | quote }}
{{- if .Values.mirror.credentialsSecret }}
- name: AIRLOCK_REGISTRY_AUTH_FILE
  value: {{ include "airlock.authFile" . | quote }}
{{- end }}
{{- end -}}

{{/* Namespaces never sent to the webhook. */}}
{{- define "airlock.excludedNamespaces" -}}
{{- $ns := list "kube-system" .Release.Namespace -}}
{{- if .Values.webhook.admission.excludeChartNamespaces -}}
{{- if or .Values.probe.egress.podNetwork .Values.probe.inUse.enabled -}}{{- $ns = append $ns .Values.probe.namespace -}}{{- end -}}
{{- if or .Values.probe.egress.hostNetwork .Values.probe.serve.enabled -}}{{- $ns = append $ns .Values.probe.hostNamespace -}}{{- end -}}
{{- if .Values.nodeWork.enabled -}}{{- $ns = append $ns .Values.nodeWork.namespace -}}{{- end -}}
{{- end -}}
{{- $ns = concat $ns .Values.webhook.admission.excludeNamespaces | uniq -}}
{{- toJson $ns -}}
{{- end -}}

{{/* The AdmissionPolicy document rendered from .Values.policy (design.md "Policy file"). */}}
{{- define "airlock.policyDocument" -}}
apiVersion: airlock.dev/v1alpha1
kind: AdmissionPolicy
spec:
  unmatchedImages: {{ .Values.policy.unmatchedImages }}
  unmirroredImages: {{ .Values.policy.unmirroredImages }}
  excludeNamespaces: {{ toJson .Values.policy.excludeNamespaces }}
  rules:
  {{- if .Values.policy.rules }}
    {{- toYaml .Values.policy.rules | nindent 4 }}
  {{- else }} []
  {{- end }}
{{- end -}}

{{/* Comma list of the mirrored upstream hosts (mirror.hosts[].host). */}}
{{- define "airlock.hostNames" -}}
{{- $names := list -}}
{{- range .Values.mirror.hosts -}}{{- $names = append $names .host -}}{{- end -}}
{{- join "," $names -}}
{{- end -}}

{{/* Volumes every airlock pod needs: a writable /tmp (the root filesystem is read-only). */}}
{{- define "airlock.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}
