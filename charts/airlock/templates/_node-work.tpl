{{/* Pod spec parts shared by the node-work Job and DaemonSet; call with the $ctx dict of node-work.yaml. */}}
{{- define "airlock.nodeWorkPodSpecCommon" -}}
automountServiceAccountToken: false
{{- with (include "airlock.imagePullSecrets" .root) }}
{{ . }}
{{- end }}
securityContext:
  {{- include "airlock.podSecurityContext" .root | nindent 2 }}
{{- with .root.Values.nodeWork.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: containerd-config
    hostPath:
      path: {{ .configDir }}
      type: Directory
  {{- include "airlock.tmpVolume" .root | nindent 2 }}
{{- end }}
{{- define "airlock.nodeWorkLintContainer" -}}
name: lint
image: {{ .image }}
imagePullPolicy: {{ .root.Values.probe.image.pullPolicy }}
args:
  {{- toYaml .args | nindent 2 }}
resources:
  {{- toYaml .root.Values.probe.jobResources | nindent 2 }}
securityContext:
  {{- include "airlock.containerSecurityContext" .root | nindent 2 }}
volumeMounts:
  - name: containerd-config
    mountPath: {{ printf "%s%s" .rootMount .configDir }}
    readOnly: true
  - name: tmp
    mountPath: /tmp
{{- end }}
