{{/*
One Deployment of the image, for the API or the worker: (list $ "api") or (list $ "worker"), or for one worker build
of those that run side by side: (list $ "worker" $build) (signaalloket.workerBuilds). They differ in the command,
the public port (the API's only), the sign-in keys (the API's only) and the metrics annotations (the API serves
/metrics). Neither has a preStop hook: on SIGTERM the API itself reads not ready and keeps serving for
SHUTDOWN_DELAY_SECONDS while the endpoints go, then drains (shared/config.ts, docs/production.md).
*/}}
{{- define "signaalloket.deployment" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $values := index $root.Values $component -}}
{{- $isApi := eq $component "api" -}}
{{- $build := false -}}
{{- if gt (len .) 2 }}{{ $build = index . 2 }}{{ end -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "signaalloket.scaledName" . }}
  labels:
    {{- include "signaalloket.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
    {{- with $build }}
    signaalloket/worker-build: {{ .suffix }}
    {{- end }}
spec:
  {{- if not (include "signaalloket.autoscaled" .) }}
  replicas: {{ include "signaalloket.replicas" . }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # A new pod is ready before an old one stops: capacity never drops during an upgrade, and a stopping worker
      # finishes its running activities while the new one already polls.
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "signaalloket.podSelectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "signaalloket.podSelectorLabels" . | nindent 8 }}
      annotations:
        # A changed setting rolls the pods.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- if and $isApi $root.Values.metrics.annotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "signaalloket.podSecurity" $root | nindent 6 }}
      terminationGracePeriodSeconds: {{ include "signaalloket.terminationGracePeriodSeconds" $root }}
      {{- include "signaalloket.topologySpread" . | trim | nindent 6 }}
      containers:
        - name: {{ $component }}
          image: {{ include "signaalloket.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          # deploy/entrypoint.sh; the worker starts from the workflow bundle built into the image.
          args: [{{ $component | quote }}]
          ports:
            {{- if $isApi }}
            - name: http
              containerPort: 3000
              protocol: TCP
            {{- end }}
            - name: ops
              containerPort: 9090
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "signaalloket.fullname" $root }}
          env:
            {{- include "signaalloket.secretEnv" (list $root $component) | nindent 12 }}
            {{- if $build }}
            {{- include "signaalloket.workerVersioningEnv" (list $root $build) | nindent 12 }}
            {{- else if not $isApi }}
            {{- include "signaalloket.workerVersioningEnv" (list $root) | nindent 12 }}
            {{- end }}
          # All probes ask the operations listener. The worker's answers once the worker runs (after connecting
          # and loading the bundle), hence its longer start-up allowance.
          startupProbe:
            httpGet: { path: /healthz, port: ops }
            periodSeconds: 2
            failureThreshold: {{ ternary 30 60 $isApi }}
          livenessProbe:
            httpGet: { path: /healthz, port: ops }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            # API: PostgreSQL and Temporal answer (2 s budget each). Worker: it polls its task queue.
            httpGet: { path: /readyz, port: ops }
            periodSeconds: 5
            timeoutSeconds: 4
            failureThreshold: 2
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          {{- include "signaalloket.volumeMounts" (list $root $component) | nindent 10 }}
      {{- include "signaalloket.volumes" (list $root $component) | nindent 6 }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/*
The name of one Deployment and of its HPA and PDB: (list $ "api"), or (list $ "worker" $build) for one worker build.
*/}}
{{- define "signaalloket.scaledName" -}}
{{- if gt (len .) 2 }}
{{- (index . 2).name }}
{{- else }}
{{- include "signaalloket.fullname" (index . 0) }}-{{ index . 1 }}
{{- end }}
{{- end }}

{{/*
Non-empty when one Deployment is scaled by an HPA: the component's autoscaling, unless a worker build has its own
fixed replicas (e.g. fewer for a build that drains).
*/}}
{{- define "signaalloket.autoscaled" -}}
{{- $values := index (index . 0).Values (index . 1) -}}
{{- if and $values.autoscaling.enabled (or (le (len .) 2) (kindIs "invalid" (index . 2).replicas)) }}true{{ end }}
{{- end }}

{{/* The fixed replica count of one Deployment: a worker build's own, else the component's. */}}
{{- define "signaalloket.replicas" -}}
{{- $values := index (index . 0).Values (index . 1) -}}
{{- if and (gt (len .) 2) (not (kindIs "invalid" (index . 2).replicas)) }}
{{- int (index . 2).replicas }}
{{- else }}
{{- $values.replicas }}
{{- end }}
{{- end }}

{{/* Autoscaling and disruption budget of one Deployment: (list $ "api"), or (list $ "worker" $build). */}}
{{- define "signaalloket.scaling" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $values := index $root.Values $component -}}
{{- $build := false -}}
{{- if gt (len .) 2 }}{{ $build = index . 2 }}{{ end -}}
{{- if include "signaalloket.autoscaled" . }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "signaalloket.scaledName" . }}
  labels:
    {{- include "signaalloket.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
    {{- with $build }}
    signaalloket/worker-build: {{ .suffix }}
    {{- end }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "signaalloket.scaledName" . }}
  minReplicas: {{ $values.autoscaling.minReplicas }}
  maxReplicas: {{ $values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Scale in slowly: a stopping pod drains first, and load comes in waves (office hours).
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
---
{{- end }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "signaalloket.scaledName" . }}
  labels:
    {{- include "signaalloket.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
    {{- with $build }}
    signaalloket/worker-build: {{ .suffix }}
    {{- end }}
spec:
  minAvailable: {{ $values.podDisruptionBudget.minAvailable }}
  {{- /* The Deployment's own pods only: the eviction API refuses a pod that two budgets select. */}}
  selector:
    matchLabels:
      {{- include "signaalloket.podSelectorLabels" . | nindent 6 }}
{{- end }}
