{{/* Environment of every `serve` container (design.md "Probe agent" configuration keys). */}}
{{- define "airlock.serveEnv" -}}
- name: QUARKUS_HTTP_PORT
  value: {{ $.Values.probe.serve.port | quote }}
- name: AIRLOCK_PROBE_INTERVAL
  value: {{ $.Values.probe.serve.interval | quote }}
- name: AIRLOCK_PROBE_EGRESS_TIMEOUT
  value: {{ $.Values.probe.egressTimeout | quote }}
{{- with $.Values.probe.egressTargets }}
- name: AIRLOCK_PROBE_EGRESS_TARGETS
  value: {{ join "," . | quote }}
{{- end }}
{{- with $.Values.probe.serve.mirrors }}
- name: AIRLOCK_PROBE_MIRRORS
  value: {{ join "," . | quote }}
{{- end }}
{{- with $.Values.probe.serve.images }}
- name: AIRLOCK_PROBE_IMAGES
  value: {{ join "," . | quote }}
{{- end }}
{{ include "airlock.mirrorEnv" $ }}
{{- end -}}
