{{/* Names and labels, as `helm create` lays them out. */}}
{{- define "signaalloket.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "signaalloket.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "signaalloket.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "signaalloket.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: signaalloket
{{- end }}

{{/* Selector labels of one component (api, worker, migrate): (list $ "api") */}}
{{- define "signaalloket.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "signaalloket.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/*
Selector labels of one Deployment's pods: (list $ "api"), or (list $ "worker" $build) for one of the worker builds
that run side by side (signaalloket.workerBuilds). A build's pods carry its build label too, so no Deployment's
selector (nor PodDisruptionBudget's) matches another build's pods; the NetworkPolicy still selects every worker pod.
*/}}
{{- define "signaalloket.podSelectorLabels" -}}
{{- include "signaalloket.selectorLabels" (list (index . 0) (index . 1)) }}
{{- if gt (len .) 2 }}
signaalloket/worker-build: {{ (index . 2).suffix }}
{{- end }}
{{- end }}

{{- define "signaalloket.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "signaalloket.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image of one component: (list $ "api"), (list $ "worker") or (list $ "migrate"), or of one worker build:
(list $ "worker" $build). A component's own tag or digest (api.image, worker.image) overrides the release's, so an
upgrade can move the workers first and the API after; a build's own (worker.versioning.builds[].image) overrides
the worker's, so two builds run two images side by side.
*/}}
{{- define "signaalloket.image" -}}
{{- $root := index . 0 -}}
{{- $own := dict -}}
{{- if hasKey $root.Values (index . 1) }}{{- $own = (index $root.Values (index . 1)).image | default dict -}}{{- end -}}
{{- if gt (len .) 2 }}
{{- $build := (index . 2).image | default dict -}}
{{- if or $build.tag $build.digest }}{{- $own = $build -}}{{- end -}}
{{- end -}}
{{- $digest := default $root.Values.image.digest $own.digest -}}
{{- $tag := default (default $root.Chart.AppVersion $root.Values.image.tag) $own.tag -}}
{{- if and $own.tag (not $own.digest) }}{{- $digest = "" }}{{- end -}}
{{- if $digest }}
{{- printf "%s@%s" $root.Values.image.repository $digest }}
{{- else }}
{{- printf "%s:%s" $root.Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "signaalloket.secretName" -}}
{{- required "secrets.existingSecret: name the Secret with DATABASE_URL, SMTP_URL and RESPONSE_LINK_SECRET (it is never created by this chart)" .Values.secrets.existingSecret }}
{{- end }}

{{/* Where the Temporal TLS secret is mounted; the TEMPORAL_TLS_*_PATH variables point into it. */}}
{{- define "signaalloket.temporalTlsDir" -}}/etc/signaalloket/temporal-tls{{- end }}

{{/*
Non-empty when the dashboard offers OIDC sign-in. The relying party's key then has to come from a Secret: its path is
the chart's to give.
*/}}
{{- define "signaalloket.oidc" -}}
{{- if has "oidc" .Values.config.signIn.methods -}}
{{- required "config.signIn.oidc.privateKey.existingSecret: name the Secret with the relying party's private key (config.signIn.methods holds oidc)" .Values.config.signIn.oidc.privateKey.existingSecret -}}
{{- end -}}
{{- end }}

{{/* Where the OIDC private key's Secret is mounted (API pods only); OIDC_PRIVATE_KEY_PATH points into it. */}}
{{- define "signaalloket.oidcKeyDir" -}}/etc/signaalloket/oidc{{- end }}

{{/*
Seconds a pod has between SIGTERM and SIGKILL: the API's delay (it keeps serving while the endpoints go), the grace
for requests and activities in flight, and 10 s for the rest (the worker's SDK forces its stop 5 s after the grace;
connections close; the process exits). The same for both components, so one setting cannot outgrow the other.
*/}}
{{- define "signaalloket.terminationGracePeriodSeconds" -}}
{{- add .Values.config.shutdown.delaySeconds .Values.config.shutdown.graceSeconds 10 }}
{{- end }}

{{/*
The secret variables, each from the existing Secret: (list $ "api") or (list $ "worker"). TOTP_ENCRYPTION_KEY only
for the API (the dashboard and the admin CLI run there); the worker never needs it.
*/}}
{{- define "signaalloket.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $secret := include "signaalloket.secretName" $root -}}
{{- with $root -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.databaseUrl }} }
- name: SMTP_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.smtpUrl }} }
- name: RESPONSE_LINK_SECRET
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.responseLinkSecret }} }
- name: TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.temporalApiKey }}, optional: true }
- name: EVENTS_TOKEN_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.eventsTokenKey }}, optional: true }
- name: PROCESSING_LOG_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.processingLogKey }}, optional: true }
{{- if eq (index $ 1) "api" }}
- name: TOTP_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ .Values.secrets.keys.totpEncryptionKey }}, optional: true }
{{- end }}
{{- end }}
{{- end }}

{{/*
Worker Versioning (docs/production.md, Upgrades): the worker pods poll as this Worker Deployment version when both
worker.versioning values are set. One without the other is refused, as the worker itself refuses it. (list $) for
the single worker Deployment (worker.versioning.buildId), (list $ $build) for one of worker.versioning.builds.
*/}}
{{- define "signaalloket.workerVersioningEnv" -}}
{{- $root := index . 0 -}}
{{- with $root.Values.worker.versioning -}}
{{- if gt (len $) 1 -}}
- name: WORKER_DEPLOYMENT_NAME
  value: {{ .deploymentName | quote }}
- name: WORKER_BUILD_ID
  value: {{ (index $ 1).buildId | quote }}
{{- else if and .deploymentName .buildId -}}
- name: WORKER_DEPLOYMENT_NAME
  value: {{ .deploymentName | quote }}
- name: WORKER_BUILD_ID
  value: {{ .buildId | quote }}
{{- else if or .deploymentName .buildId -}}
{{- fail "worker.versioning: deploymentName and buildId go together" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/*
The worker builds that run side by side, one Deployment each (worker.versioning.builds; docs/production.md,
Upgrades with Worker Versioning), as a JSON list for fromJsonArray; empty without builds. Each: buildId, image,
replicas as given, name (the Deployment's, HPA's and PDB's: <fullname>-worker-<build id lowercased, every run of
other characters a "-">, at most 63 characters) and suffix (that name's tail, the pods' signaalloket/worker-build
label). Both follow from the build id alone, so a build keeps its Deployment from one upgrade to the next while
builds come and go beside it. Refused: builds without deploymentName, builds beside buildId (one or the other), and
two builds with one name.
*/}}
{{- define "signaalloket.workerBuilds" -}}
{{- $root := . -}}
{{- $versioning := .Values.worker.versioning | default dict -}}
{{- $builds := list -}}
{{- if $versioning.builds -}}
{{- if $versioning.buildId -}}
{{- fail "worker.versioning: builds and buildId do not go together; list every live build in builds (buildId is the single worker Deployment's)" -}}
{{- end -}}
{{- if not $versioning.deploymentName -}}
{{- fail "worker.versioning: builds needs deploymentName, the Worker Deployment every build polls as" -}}
{{- end -}}
{{- $prefix := printf "%s-worker-" (include "signaalloket.fullname" $root) -}}
{{- $names := list -}}
{{- range $versioning.builds -}}
{{- $slug := regexReplaceAll "[^a-z0-9]+" (lower .buildId) "-" | trimAll "-" -}}
{{- $name := printf "%s%s" $prefix $slug | trunc 63 | trimSuffix "-" -}}
{{- $suffix := trimPrefix $prefix $name -}}
{{- if or (not $slug) (not (hasPrefix $prefix $name)) (not $suffix) -}}
{{- fail (printf "worker.versioning.builds: build id %q leaves no letter or digit for its Deployment name" .buildId) -}}
{{- end -}}
{{- if has $name $names -}}
{{- fail (printf "worker.versioning.builds: two builds give the Deployment name %s (build ids differ only in case or punctuation, or past 63 characters)" $name) -}}
{{- end -}}
{{- $names = append $names $name -}}
{{- $builds = append $builds (dict "buildId" .buildId "image" (.image | default dict) "replicas" .replicas "name" $name "suffix" $suffix) -}}
{{- end -}}
{{- end -}}
{{- toJson $builds -}}
{{- end }}

{{/* The pod spec parts every component shares: security, service account, pull secrets, /tmp. */}}
{{- define "signaalloket.podSecurity" -}}
serviceAccountName: {{ include "signaalloket.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The pod's volumes and the container's mounts: (list $ "api") or (list $ "worker"). */}}
{{- define "signaalloket.volumes" -}}
{{- $isApi := eq (index . 1) "api" -}}
{{- with index . 0 -}}
volumes:
  # The root filesystem is read-only; tsx keeps its compile cache here.
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi
{{- if .Values.config.temporal.tls.existingSecret }}
  # Modes in decimal: 288 is 0440 (owner and group read). A leading-zero octal is read as decimal by YAML 1.2 tools.
  - name: temporal-tls
    secret:
      secretName: {{ .Values.config.temporal.tls.existingSecret }}
      defaultMode: 288
{{- end }}
{{- if and $isApi (include "signaalloket.oidc" .) }}
  - name: oidc-private-key
    secret:
      secretName: {{ .Values.config.signIn.oidc.privateKey.existingSecret }}
      defaultMode: 288
{{- end }}
{{- end }}
{{- end }}

{{- define "signaalloket.volumeMounts" -}}
{{- $isApi := eq (index . 1) "api" -}}
{{- with index . 0 -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- if .Values.config.temporal.tls.existingSecret }}
  - name: temporal-tls
    mountPath: {{ include "signaalloket.temporalTlsDir" . }}
    readOnly: true
{{- end }}
{{- if and $isApi (include "signaalloket.oidc" .) }}
  - name: oidc-private-key
    mountPath: {{ include "signaalloket.oidcKeyDir" . }}
    readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{/* Spread one Deployment's pods over nodes and zones: (list $ "api"), or (list $ "worker" $build). */}}
{{- define "signaalloket.topologySpread" -}}
{{- $root := index . 0 -}}
{{- if $root.Values.topologySpread.enabled }}
topologySpreadConstraints:
  {{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ $key }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "signaalloket.podSelectorLabels" $ | nindent 8 }}
  {{- end }}
{{- end }}
{{- end }}
