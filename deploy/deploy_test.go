package deploy_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"sigs.k8s.io/yaml"
)

// knownMetrics maps every Prometheus metric name the worker exposes to the
// label names it carries. It must match internal/metrics (and, for asynq_*,
// github.com/hibiken/asynq/x/metrics). A nil label list means "labels not
// checked", so the map can be filled from a registry that only knows names.
//
// Note: asynq_queue_size has only a "queue" label; the per-state counts are
// asynq_tasks_enqueued_total{queue,state}, which is a gauge.
var knownMetrics = map[string][]string{
	"copydesk_tasks_total":                  {"type", "outcome"},
	"copydesk_task_duration_seconds":        {"type"},
	"copydesk_stage_duration_seconds":       {"stage"},
	"copydesk_fetch_total":                  {"class"},
	"copydesk_feed_polls_total":             {"outcome"},
	"copydesk_feed_items_enqueued_total":    {},
	"copydesk_articles_stored_total":        {"result"},
	"copydesk_quarantined_total":            {},
	"copydesk_redis_used_memory_bytes":      {},
	"copydesk_redis_maxmemory_bytes":        {},
	"asynq_tasks_enqueued_total":            {"queue", "state"},
	"asynq_queue_size":                      {"queue"},
	"asynq_queue_latency_seconds":           {"queue"},
	"asynq_queue_memory_usage_approx_bytes": {"queue"},
	"asynq_tasks_processed_total":           {"queue"},
	"asynq_tasks_failed_total":              {"queue"},
	"asynq_queue_paused_total":              {"queue"},
}

// targetLabels are attached by Prometheus to every scraped series.
var targetLabels = []string{"job", "instance", "namespace", "pod"}

// knownEnv lists the environment variables the worker and enqueue read.
var knownEnv = []string{
	"REDIS_URL", "COPYDESK_DEFAULT_REDIS_ADDR", "COPYDESK_PREFIX", "COPYDESK_CONCURRENCY",
	"COPYDESK_SERVERS", "COPYDESK_QUEUES", "COPYDESK_LOG_LEVEL", "COPYDESK_LOG_FORMAT",
	"COPYDESK_HTTP_ADDR", "COPYDESK_API_TOKEN", "COPYDESK_PPROF", "COPYDESK_MONITOR_WRITES",
	"COPYDESK_SHUTDOWN_TIMEOUT", "COPYDESK_FEEDS_FILE", "COPYDESK_RETENTION",
	// Go runtime.
	"GOMEMLIMIT", "GOMAXPROCS", "GOGC",
}

// shutdownTimeout is the worker's default COPYDESK_SHUTDOWN_TIMEOUT.
const shutdownTimeout = 25 * time.Second

// ---------------------------------------------------------------- YAML

// splitDocuments splits a YAML stream on lines that are exactly "---".
func splitDocuments(data []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	for line := range bytes.Lines(data) {
		if string(bytes.TrimRight(line, "\r\n")) == "---" {
			docs = append(docs, bytes.Clone(cur.Bytes()))
			cur.Reset()
			continue
		}
		cur.Write(line)
	}
	return append(docs, cur.Bytes())
}

// parseYAML parses every document of a YAML stream strictly (duplicate keys
// are errors) and returns the non-empty ones as generic JSON values.
func parseYAML(data []byte) ([]map[string]any, error) {
	var out []map[string]any
	for i, doc := range splitDocuments(data) {
		j, err := yaml.YAMLToJSONStrict(doc)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i+1, err)
		}
		var v any
		if err := json.Unmarshal(j, &v); err != nil {
			return nil, fmt.Errorf("document %d: %w", i+1, err)
		}
		switch v := v.(type) {
		case nil:
			// Empty or comment-only document.
		case map[string]any:
			out = append(out, v)
		default:
			return nil, fmt.Errorf("document %d: top level is %T, want a mapping", i+1, v)
		}
	}
	return out, nil
}

// yamlFiles lists the .yaml and .yml files under root.
func yamlFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

// checkYAMLTree parses every YAML file under root and returns one error per
// file that does not parse, and the files it looked at.
func checkYAMLTree(root string) (files []string, errs []error) {
	files, err := yamlFiles(root)
	if err != nil {
		return nil, []error{err}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := parseYAML(data); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
		}
	}
	return files, errs
}

func mustDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := parseYAML(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return docs
}

// decode converts a generic document into a typed value.
func decode(t *testing.T, doc any, v any) {
	t.Helper()
	j, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, v); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
}

func TestYAMLFilesParse(t *testing.T) {
	files, errs := checkYAMLTree(".")
	for _, err := range errs {
		t.Error(err)
	}
	want := []string{
		"compose.yaml", "feeds.yaml", "k8s/kustomization.yaml", "k8s/deployment.yaml",
		"k8s/service.yaml", "k8s/configmap.yaml", "k8s/secret.example.yaml", "k8s/cronjob.yaml",
		"k8s/pdb.yaml", "prometheus/alerts.yaml",
	}
	for _, w := range want {
		if !slices.Contains(files, filepath.FromSlash(w)) {
			t.Errorf("YAML file %s not found (found %v)", w, files)
		}
	}
}

func TestYAMLCheckCatchesBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"bad-indent.yaml":     string(good) + "\n  stray: [unclosed\n",
		"second-doc.yml":      "a: 1\n---\nb: [1, 2\n",
		"duplicate-key.yaml":  "a: 1\na: 2\n",
		"tab-indent.yaml":     "a:\n\tb: 1\n",
		"scalar-top.yaml":     "just a string\n",
		"fine.yaml":           "a: 1\n---\n# comment only\n---\nb: 2\n",
		"sub/also-fine.yml":   "x: {y: z}\n",
		"sub/not-yaml.txt":    "a: [\n",
		"sub/deep/broken.yml": "k: \"unterminated\n",
	}
	for name, body := range cases {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, errs := checkYAMLTree(dir)
	if len(files) != 8 {
		t.Errorf("checked %d files, want 8 (.txt skipped): %v", len(files), files)
	}
	var failed []string
	for _, err := range errs {
		rel, _, _ := strings.Cut(strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)), ":")
		failed = append(failed, filepath.ToSlash(rel))
	}
	sort.Strings(failed)
	want := []string{"bad-indent.yaml", "duplicate-key.yaml", "scalar-top.yaml", "second-doc.yml", "sub/deep/broken.yml", "tab-indent.yaml"}
	if !slices.Equal(failed, want) {
		t.Errorf("files reported broken = %v, want %v (errors: %v)", failed, want, errs)
	}
}

func TestSplitDocuments(t *testing.T) {
	docs := splitDocuments([]byte("a: 1\n---\nb: \"---\"\n--- \n---\nc: 3"))
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want 3: %q", len(docs), docs)
	}
	if string(docs[1]) != "b: \"---\"\n--- \n" || string(docs[2]) != "c: 3" {
		t.Errorf("documents = %q", docs)
	}
}

// ---------------------------------------------------------------- Kubernetes

type objectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

type probe struct {
	HTTPGet *struct {
		Path string `json:"path"`
		Port any    `json:"port"`
	} `json:"httpGet"`
}

type envVar struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	ValueFrom *struct {
		SecretKeyRef *struct {
			Name string `json:"name"`
			Key  string `json:"key"`
		} `json:"secretKeyRef"`
	} `json:"valueFrom"`
}

type securityContext struct {
	RunAsNonRoot             *bool  `json:"runAsNonRoot"`
	RunAsUser                *int64 `json:"runAsUser"`
	ReadOnlyRootFilesystem   *bool  `json:"readOnlyRootFilesystem"`
	AllowPrivilegeEscalation *bool  `json:"allowPrivilegeEscalation"`
	Capabilities             *struct {
		Drop []string `json:"drop"`
	} `json:"capabilities"`
}

type container struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command"`
	Args    []string `json:"args"`
	Ports   []struct {
		Name          string `json:"name"`
		ContainerPort int    `json:"containerPort"`
	} `json:"ports"`
	Env       []envVar `json:"env"`
	Resources struct {
		Requests map[string]string `json:"requests"`
		Limits   map[string]string `json:"limits"`
	} `json:"resources"`
	SecurityContext *securityContext `json:"securityContext"`
	LivenessProbe   *probe           `json:"livenessProbe"`
	ReadinessProbe  *probe           `json:"readinessProbe"`
	VolumeMounts    []struct {
		Name      string `json:"name"`
		MountPath string `json:"mountPath"`
		SubPath   string `json:"subPath"`
	} `json:"volumeMounts"`
}

type podSpec struct {
	TerminationGracePeriodSeconds *int64           `json:"terminationGracePeriodSeconds"`
	SecurityContext               *securityContext `json:"securityContext"`
	RestartPolicy                 string           `json:"restartPolicy"`
	Containers                    []container      `json:"containers"`
	Volumes                       []struct {
		Name      string `json:"name"`
		ConfigMap *struct {
			Name string `json:"name"`
		} `json:"configMap"`
	} `json:"volumes"`
}

type podTemplate struct {
	Metadata objectMeta `json:"metadata"`
	Spec     podSpec    `json:"spec"`
}

type deployment struct {
	Metadata objectMeta `json:"metadata"`
	Spec     struct {
		Replicas *int `json:"replicas"`
		Selector struct {
			MatchLabels map[string]string `json:"matchLabels"`
		} `json:"selector"`
		Template podTemplate `json:"template"`
	} `json:"spec"`
}

// k8sObjects returns every object in the manifests under k8s/, by kind,
// with the file each came from.
type k8sObject struct {
	file string
	doc  map[string]any
}

func k8sObjects(t *testing.T) map[string][]k8sObject {
	t.Helper()
	files, err := yamlFiles("k8s")
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string][]k8sObject{}
	for _, f := range files {
		for _, doc := range mustDocs(t, f) {
			kind, _ := doc["kind"].(string)
			byKind[kind] = append(byKind[kind], k8sObject{file: f, doc: doc})
		}
	}
	return byKind
}

func one(t *testing.T, objs map[string][]k8sObject, kind string) k8sObject {
	t.Helper()
	if n := len(objs[kind]); n != 1 {
		t.Fatalf("found %d %s objects, want 1", n, kind)
	}
	return objs[kind][0]
}

func TestK8sManifestsHaveIdentity(t *testing.T) {
	objs := k8sObjects(t)
	n := 0
	for kind, list := range objs {
		for _, o := range list {
			if kind == "Kustomization" {
				continue
			}
			n++
			var m struct {
				APIVersion string     `json:"apiVersion"`
				Kind       string     `json:"kind"`
				Metadata   objectMeta `json:"metadata"`
			}
			decode(t, o.doc, &m)
			if m.APIVersion == "" || m.Kind == "" || m.Metadata.Name == "" {
				t.Errorf("%s: object missing apiVersion/kind/metadata.name: %+v", o.file, m)
			}
			if m.Metadata.Namespace != "" {
				t.Errorf("%s: %s/%s sets a namespace; manifests must be namespace-agnostic", o.file, m.Kind, m.Metadata.Name)
			}
		}
	}
	for _, kind := range []string{"Deployment", "Service", "ConfigMap", "Secret", "CronJob", "PodDisruptionBudget"} {
		if len(objs[kind]) == 0 {
			t.Errorf("no %s manifest under k8s/", kind)
		}
	}
	if n < 6 {
		t.Errorf("checked %d objects, want at least 6", n)
	}
}

func envMap(c container) map[string]envVar {
	m := map[string]envVar{}
	for _, e := range c.Env {
		m[e.Name] = e
	}
	return m
}

func TestDeployment(t *testing.T) {
	objs := k8sObjects(t)
	var d deployment
	decode(t, one(t, objs, "Deployment").doc, &d)
	spec := d.Spec.Template.Spec

	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas = %v, want 2", d.Spec.Replicas)
	}
	for k, v := range d.Spec.Selector.MatchLabels {
		if d.Spec.Template.Metadata.Labels[k] != v {
			t.Errorf("selector %s=%s does not match the pod template labels", k, v)
		}
	}
	if g := spec.TerminationGracePeriodSeconds; g == nil || time.Duration(*g)*time.Second <= shutdownTimeout {
		t.Errorf("terminationGracePeriodSeconds = %v, want more than the %v shutdown timeout", g, shutdownTimeout)
	}
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(spec.Containers))
	}
	c := spec.Containers[0]

	adminPort := 0
	for _, p := range c.Ports {
		if p.Name == "admin" {
			adminPort = p.ContainerPort
		}
	}
	if adminPort != 8077 {
		t.Errorf("port named admin = %d, want 8077", adminPort)
	}
	for _, pc := range []struct {
		name string
		p    *probe
		path string
	}{{"liveness", c.LivenessProbe, "/healthz"}, {"readiness", c.ReadinessProbe, "/readyz"}} {
		if pc.p == nil || pc.p.HTTPGet == nil {
			t.Errorf("%s probe: missing httpGet", pc.name)
			continue
		}
		if pc.p.HTTPGet.Path != pc.path {
			t.Errorf("%s probe path = %q, want %q", pc.name, pc.p.HTTPGet.Path, pc.path)
		}
		if port := fmt.Sprint(pc.p.HTTPGet.Port); port != "admin" && port != "8077" {
			t.Errorf("%s probe port = %v, want admin", pc.name, pc.p.HTTPGet.Port)
		}
	}

	nonRoot := func(sc *securityContext) bool {
		return sc != nil && ((sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (sc.RunAsUser != nil && *sc.RunAsUser != 0))
	}
	if !nonRoot(spec.SecurityContext) && !nonRoot(c.SecurityContext) {
		t.Error("pod does not run as non-root (runAsNonRoot/runAsUser)")
	}
	if sc := c.SecurityContext; sc == nil {
		t.Error("container has no securityContext")
	} else {
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			t.Error("readOnlyRootFilesystem is not true")
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Error("allowPrivilegeEscalation is not false")
		}
		if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			t.Error("capabilities do not drop ALL")
		}
	}
	wantRes := map[string]string{"requests/cpu": "100m", "requests/memory": "128Mi", "limits/cpu": "1", "limits/memory": "256Mi"}
	gotRes := map[string]string{}
	for k, v := range c.Resources.Requests {
		gotRes["requests/"+k] = v
	}
	for k, v := range c.Resources.Limits {
		gotRes["limits/"+k] = v
	}
	for k, v := range wantRes {
		if gotRes[k] != v {
			t.Errorf("resources %s = %q, want %q", k, gotRes[k], v)
		}
	}

	env := envMap(c)
	secretName := ""
	for _, name := range []string{"REDIS_URL", "COPYDESK_API_TOKEN"} {
		e, ok := env[name]
		if !ok || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			t.Errorf("env %s is not taken from a Secret", name)
			continue
		}
		secretName = e.ValueFrom.SecretKeyRef.Name
		checkSecretKey(t, objs, e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key)
	}
	if secretName == "" {
		t.Error("no env var refers to a Secret")
	}
	if got := env["COPYDESK_HTTP_ADDR"].Value; !strings.HasPrefix(got, "0.0.0.0:") {
		t.Errorf("COPYDESK_HTTP_ADDR = %q, want 0.0.0.0:8077 so probes reach the pod", got)
	}
	if got := env["COPYDESK_SHUTDOWN_TIMEOUT"].Value; got != "" && spec.TerminationGracePeriodSeconds != nil {
		d, err := time.ParseDuration(got)
		if err != nil || time.Duration(*spec.TerminationGracePeriodSeconds)*time.Second <= d {
			t.Errorf("COPYDESK_SHUTDOWN_TIMEOUT = %q, must parse and stay below terminationGracePeriodSeconds", got)
		}
	}
	for name := range env {
		if !slices.Contains(knownEnv, name) {
			t.Errorf("env %s is not a known copydesk variable", name)
		}
	}

	// The feeds file comes from a ConfigMap volume that has the key.
	feedsPath := env["COPYDESK_FEEDS_FILE"].Value
	if feedsPath != "/etc/copydesk/feeds.yaml" {
		t.Errorf("COPYDESK_FEEDS_FILE = %q, want /etc/copydesk/feeds.yaml", feedsPath)
	}
	var mountVolume string
	for _, m := range c.VolumeMounts {
		if m.MountPath == filepath.Dir(feedsPath) && m.SubPath == "" {
			mountVolume = m.Name
		}
	}
	var cmName string
	for _, v := range spec.Volumes {
		if v.Name == mountVolume && v.ConfigMap != nil {
			cmName = v.ConfigMap.Name
		}
	}
	if cmName == "" {
		t.Fatalf("no ConfigMap volume mounted (without subPath) at %s", filepath.Dir(feedsPath))
	}
	found := false
	for _, o := range objs["ConfigMap"] {
		var cm struct {
			Metadata objectMeta        `json:"metadata"`
			Data     map[string]string `json:"data"`
		}
		decode(t, o.doc, &cm)
		if cm.Metadata.Name == cmName {
			found = true
			if _, ok := cm.Data[filepath.Base(feedsPath)]; !ok {
				t.Errorf("ConfigMap %s has no key %s", cmName, filepath.Base(feedsPath))
			}
		}
	}
	if !found {
		t.Errorf("ConfigMap %s is not defined", cmName)
	}
}

// checkSecretKey checks that the example Secret defines name/key.
func checkSecretKey(t *testing.T, objs map[string][]k8sObject, name, key string) {
	t.Helper()
	for _, o := range objs["Secret"] {
		var s struct {
			Metadata   objectMeta        `json:"metadata"`
			StringData map[string]string `json:"stringData"`
			Data       map[string]string `json:"data"`
		}
		decode(t, o.doc, &s)
		if s.Metadata.Name != name {
			continue
		}
		if _, ok := s.StringData[key]; ok {
			return
		}
		if _, ok := s.Data[key]; ok {
			return
		}
		t.Errorf("Secret %s has no key %s", name, key)
		return
	}
	t.Errorf("Secret %s is not defined (not even as an example)", name)
}

func TestServiceAndPDBSelectWorkerPods(t *testing.T) {
	objs := k8sObjects(t)
	var d deployment
	decode(t, one(t, objs, "Deployment").doc, &d)
	podLabels := d.Spec.Template.Metadata.Labels

	var svc struct {
		Metadata objectMeta `json:"metadata"`
		Spec     struct {
			Selector map[string]string `json:"selector"`
			Ports    []struct {
				Name       string `json:"name"`
				Port       int    `json:"port"`
				TargetPort any    `json:"targetPort"`
			} `json:"ports"`
		} `json:"spec"`
	}
	decode(t, one(t, objs, "Service").doc, &svc)
	if len(svc.Spec.Selector) == 0 {
		t.Error("Service has no selector")
	}
	for k, v := range svc.Spec.Selector {
		if podLabels[k] != v {
			t.Errorf("Service selector %s=%s does not match the worker pods", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 8077 || fmt.Sprint(svc.Spec.Ports[0].TargetPort) != "admin" {
		t.Errorf("Service ports = %+v, want 8077 -> admin", svc.Spec.Ports)
	}
	a := svc.Metadata.Annotations
	if a["prometheus.io/scrape"] != "true" || a["prometheus.io/port"] != "8077" || a["prometheus.io/path"] != "/metrics" {
		t.Errorf("Service scrape annotations = %v", a)
	}

	var pdb struct {
		Spec struct {
			MinAvailable   any `json:"minAvailable"`
			MaxUnavailable any `json:"maxUnavailable"`
			Selector       struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
		} `json:"spec"`
	}
	decode(t, one(t, objs, "PodDisruptionBudget").doc, &pdb)
	if pdb.Spec.MinAvailable == nil && pdb.Spec.MaxUnavailable == nil {
		t.Error("PodDisruptionBudget sets neither minAvailable nor maxUnavailable")
	}
	if len(pdb.Spec.Selector.MatchLabels) == 0 {
		t.Error("PodDisruptionBudget has no selector")
	}
	for k, v := range pdb.Spec.Selector.MatchLabels {
		if podLabels[k] != v {
			t.Errorf("PodDisruptionBudget selector %s=%s does not match the worker pods", k, v)
		}
	}
}

func TestCronJob(t *testing.T) {
	objs := k8sObjects(t)
	var cj struct {
		Spec struct {
			Schedule          string `json:"schedule"`
			ConcurrencyPolicy string `json:"concurrencyPolicy"`
			JobTemplate       struct {
				Spec struct {
					Template podTemplate `json:"template"`
				} `json:"spec"`
			} `json:"jobTemplate"`
		} `json:"spec"`
	}
	decode(t, one(t, objs, "CronJob").doc, &cj)
	if _, err := cron.ParseStandard(cj.Spec.Schedule); err != nil {
		t.Errorf("schedule %q: %v", cj.Spec.Schedule, err)
	}
	if cj.Spec.Schedule != "*/15 * * * *" {
		t.Errorf("schedule = %q, want every 15 minutes", cj.Spec.Schedule)
	}
	if cj.Spec.ConcurrencyPolicy != "Forbid" {
		t.Errorf("concurrencyPolicy = %q, want Forbid", cj.Spec.ConcurrencyPolicy)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if pod.RestartPolicy != "Never" && pod.RestartPolicy != "OnFailure" {
		t.Errorf("restartPolicy = %q", pod.RestartPolicy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	var d deployment
	decode(t, one(t, objs, "Deployment").doc, &d)
	if c.Image != d.Spec.Template.Spec.Containers[0].Image {
		t.Errorf("CronJob image %q differs from the worker's %q", c.Image, d.Spec.Template.Spec.Containers[0].Image)
	}
	if !slices.Equal(c.Command, []string{"/enqueue"}) || len(c.Args) != 2 || c.Args[0] != "feed" {
		t.Errorf("command = %q args = %q, want /enqueue feed URL", c.Command, c.Args)
	}
	if len(c.Args) == 2 {
		checkExampleURL(t, c.Args[1])
	}
	e, ok := envMap(c)["REDIS_URL"]
	if !ok || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
		t.Error("CronJob REDIS_URL is not taken from a Secret")
	} else {
		checkSecretKey(t, objs, e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key)
	}
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		t.Error("CronJob pod does not set runAsNonRoot")
	}
}

func TestKustomization(t *testing.T) {
	docs := mustDocs(t, "k8s/kustomization.yaml")
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	var k struct {
		Kind      string   `json:"kind"`
		Namespace string   `json:"namespace"`
		Resources []string `json:"resources"`
	}
	decode(t, docs[0], &k)
	if k.Kind != "Kustomization" {
		t.Errorf("kind = %q", k.Kind)
	}
	if k.Namespace != "" {
		t.Errorf("kustomization pins namespace %q; the base must be namespace-agnostic", k.Namespace)
	}
	if len(k.Resources) == 0 {
		t.Fatal("no resources listed")
	}
	for _, r := range k.Resources {
		if _, err := os.Stat(filepath.Join("k8s", r)); err != nil {
			t.Errorf("resource %s: %v", r, err)
		}
	}
	// Every manifest is listed, except the Secret example (applying it would
	// overwrite a real Secret with placeholders).
	files, err := yamlFiles("k8s")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel("k8s", f)
		rel = filepath.ToSlash(rel)
		if rel == "kustomization.yaml" {
			continue
		}
		listed := slices.Contains(k.Resources, rel)
		if example := strings.Contains(rel, ".example."); example == listed {
			t.Errorf("%s: listed=%v; want every manifest listed except *.example.yaml", rel, listed)
		}
	}
}

// ---------------------------------------------------------------- feeds

type feedsFile struct {
	Feeds []struct {
		URL      string `json:"url"`
		Every    string `json:"every"`
		Cron     string `json:"cron"`
		Queue    string `json:"queue"`
		MaxItems *int   `json:"max_items"`
	} `json:"feeds"`
}

var queueName = regexp.MustCompile(`^[a-z0-9:._-]+$`)

func checkExampleURL(t *testing.T, raw string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		t.Errorf("URL %q: not an absolute http(s) URL (%v)", raw, err)
		return
	}
	h := u.Hostname()
	for _, d := range []string{"example.com", "example.org"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return
		}
	}
	t.Errorf("URL %q: use example.com or example.org hosts only", raw)
}

func checkFeeds(t *testing.T, name string, data []byte) {
	t.Helper()
	var f feedsFile
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if len(f.Feeds) == 0 {
		t.Errorf("%s: no feeds", name)
	}
	seen := map[string]bool{}
	for i, feed := range f.Feeds {
		where := fmt.Sprintf("%s: feeds[%d]", name, i)
		checkExampleURL(t, feed.URL)
		if seen[feed.URL] {
			t.Errorf("%s: duplicate url %s", where, feed.URL)
		}
		seen[feed.URL] = true
		switch {
		case (feed.Every == "") == (feed.Cron == ""):
			t.Errorf("%s: want exactly one of every and cron", where)
		case feed.Every != "":
			if d, err := time.ParseDuration(feed.Every); err != nil || d < time.Minute {
				t.Errorf("%s: every %q: want a duration of at least 1m (%v)", where, feed.Every, err)
			}
		default:
			if _, err := cron.ParseStandard(feed.Cron); err != nil {
				t.Errorf("%s: cron %q: %v", where, feed.Cron, err)
			}
		}
		if feed.Queue != "" && !queueName.MatchString(feed.Queue) {
			t.Errorf("%s: queue %q does not match %s", where, feed.Queue, queueName)
		}
		if feed.MaxItems != nil && *feed.MaxItems <= 0 {
			t.Errorf("%s: max_items %d, want > 0", where, *feed.MaxItems)
		}
	}
}

func TestFeedsFiles(t *testing.T) {
	data, err := os.ReadFile("feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkFeeds(t, "feeds.yaml", data)
	for _, o := range k8sObjects(t)["ConfigMap"] {
		var cm struct {
			Data map[string]string `json:"data"`
		}
		decode(t, o.doc, &cm)
		if s, ok := cm.Data["feeds.yaml"]; ok {
			checkFeeds(t, o.file+" data.feeds.yaml", []byte(s))
		}
	}
}

// ---------------------------------------------------------------- Prometheus

type ruleFile struct {
	Groups []struct {
		Name  string `json:"name"`
		Rules []struct {
			Alert       string            `json:"alert"`
			Record      string            `json:"record"`
			Expr        string            `json:"expr"`
			For         string            `json:"for"`
			Labels      map[string]string `json:"labels"`
			Annotations map[string]string `json:"annotations"`
		} `json:"rules"`
	} `json:"groups"`
}

func loadRules(t *testing.T) ruleFile {
	t.Helper()
	data, err := os.ReadFile("prometheus/alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := yaml.UnmarshalStrict(data, &rf); err != nil {
		t.Fatalf("alerts.yaml: %v", err)
	}
	return rf
}

var promDuration = regexp.MustCompile(`^([0-9]+(ms|s|m|h|d|w|y))+$`)

// balanced reports whether (), [] and {} nest properly outside string literals.
func balanced(expr string) bool {
	var stack []rune
	inStr := false
	for i := 0; i < len(expr); i++ {
		c := rune(expr[i])
		if inStr {
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '(', '[', '{':
			stack = append(stack, c)
		case ')', ']', '}':
			open := map[rune]rune{')': '(', ']': '[', '}': '{'}[c]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0 && !inStr
}

func TestAlertRules(t *testing.T) {
	rf := loadRules(t)
	want := []string{
		"CopydeskBacklogGrowing", "CopydeskArchiveGrowing", "CopydeskHighFailureRate",
		"CopydeskRedisMemoryHigh", "CopydeskWorkerDown", "CopydeskQueueLatencyHigh", "CopydeskQuarantine",
	}
	seen := map[string]bool{}
	for _, g := range rf.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("group %q: needs a name and rules", g.Name)
		}
		for _, r := range g.Rules {
			if r.Alert == "" {
				t.Errorf("group %s: rule without alert name (record: %q)", g.Name, r.Record)
				continue
			}
			if seen[r.Alert] {
				t.Errorf("%s: defined twice", r.Alert)
			}
			seen[r.Alert] = true
			if strings.TrimSpace(r.Expr) == "" || !balanced(r.Expr) {
				t.Errorf("%s: expr empty or unbalanced: %q", r.Alert, r.Expr)
			}
			if !promDuration.MatchString(r.For) {
				t.Errorf("%s: for %q is not a Prometheus duration", r.Alert, r.For)
			}
			if s := r.Labels["severity"]; s != "critical" && s != "warning" && s != "info" {
				t.Errorf("%s: severity %q, want critical, warning or info", r.Alert, s)
			}
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("%s: needs summary and description annotations", r.Alert)
			}
		}
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("alert %s is missing", w)
		}
	}
}

// ---------------------------------------------------------------- metric names

var (
	metricRef    = regexp.MustCompile(`\b((?:copydesk|asynq)_[a-z0-9_]*[a-z0-9])\b\s*(\{[^}]*\})?`)
	labelMatcher = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"`)
)

// metricName strips the series suffixes of histograms and summaries.
func metricName(series string) (name string, bucket bool) {
	if n, ok := strings.CutSuffix(series, "_bucket"); ok {
		return n, true
	}
	for _, suf := range []string{"_sum", "_count"} {
		if n, ok := strings.CutSuffix(series, suf); ok {
			return n, false
		}
	}
	return series, false
}

// checkExpr returns the metric names used in a PromQL expression and an error
// for every unknown metric or label matcher.
func checkExpr(expr string) (names []string, errs []error) {
	for _, m := range metricRef.FindAllStringSubmatch(expr, -1) {
		name, bucket := metricName(m[1])
		names = append(names, name)
		labels, ok := knownMetrics[name]
		if !ok {
			errs = append(errs, fmt.Errorf("unknown metric %s in %q", m[1], expr))
			continue
		}
		if labels == nil || m[2] == "" {
			continue
		}
		if !labelMatcher.MatchString(m[2]) && strings.TrimSpace(strings.Trim(m[2], "{}")) != "" {
			errs = append(errs, fmt.Errorf("cannot read label matchers %s in %q", m[2], expr))
		}
		for _, lm := range labelMatcher.FindAllStringSubmatch(m[2], -1) {
			l := lm[1]
			if !slices.Contains(labels, l) && !slices.Contains(targetLabels, l) && !(bucket && l == "le") {
				errs = append(errs, fmt.Errorf("metric %s has no label %q (has %v) in %q", name, l, labels, expr))
			}
		}
	}
	return names, errs
}

type grafanaPanel struct {
	ID         int            `json:"id"`
	Type       string         `json:"type"`
	Title      string         `json:"title"`
	Datasource any            `json:"datasource"`
	Targets    []grafanaQuery `json:"targets"`
	Panels     []grafanaPanel `json:"panels"`
}

type grafanaQuery struct {
	RefID      string `json:"refId"`
	Expr       string `json:"expr"`
	Datasource any    `json:"datasource"`
}

type grafanaDashboard struct {
	SchemaVersion int            `json:"schemaVersion"`
	UID           string         `json:"uid"`
	Title         string         `json:"title"`
	Panels        []grafanaPanel `json:"panels"`
	Templating    struct {
		List []struct {
			Name       string `json:"name"`
			Type       string `json:"type"`
			Query      any    `json:"query"`
			Definition string `json:"definition"`
		} `json:"list"`
	} `json:"templating"`
}

func loadDashboard(t *testing.T) grafanaDashboard {
	t.Helper()
	data, err := os.ReadFile("grafana/copydesk.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var d grafanaDashboard
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("copydesk.json: %v", err)
	}
	return d
}

// leafPanels flattens row panels into the panels they hold.
func leafPanels(ps []grafanaPanel) []grafanaPanel {
	var out []grafanaPanel
	for _, p := range ps {
		if p.Type == "row" {
			out = append(out, leafPanels(p.Panels)...)
			continue
		}
		out = append(out, p)
	}
	return out
}

func TestMetricNamesAreKnown(t *testing.T) {
	var exprs []string
	for _, g := range loadRules(t).Groups {
		for _, r := range g.Rules {
			exprs = append(exprs, r.Expr)
		}
	}
	d := loadDashboard(t)
	for _, p := range leafPanels(d.Panels) {
		for _, q := range p.Targets {
			exprs = append(exprs, q.Expr)
		}
	}
	for _, v := range d.Templating.List {
		exprs = append(exprs, v.Definition)
	}
	used := map[string]bool{}
	for _, e := range exprs {
		names, errs := checkExpr(e)
		for _, err := range errs {
			t.Error(err)
		}
		for _, n := range names {
			used[n] = true
		}
	}
	// The extraction itself must see the metrics the rules and panels are
	// built on; an empty result would make the check above vacuous.
	for _, n := range []string{
		"copydesk_tasks_total", "copydesk_task_duration_seconds", "copydesk_stage_duration_seconds",
		"copydesk_fetch_total", "copydesk_feed_polls_total", "copydesk_articles_stored_total",
		"copydesk_quarantined_total", "copydesk_redis_used_memory_bytes", "copydesk_redis_maxmemory_bytes",
		"asynq_tasks_enqueued_total", "asynq_queue_latency_seconds",
	} {
		if !used[n] {
			t.Errorf("metric %s is used by no alert or panel", n)
		}
	}
}

func TestCheckExprCatchesMistakes(t *testing.T) {
	for _, tc := range []struct {
		expr    string
		wantErr bool
	}{
		{`sum(rate(copydesk_tasks_total{outcome=~"retry|archived"}[5m]))`, false},
		{`histogram_quantile(0.9, sum by (le) (rate(copydesk_task_duration_seconds_bucket{le="+Inf",type="x"}[5m])))`, false},
		{`copydesk_stage_duration_seconds_count{job="copydesk"}`, false},
		{`up{job="copydesk"} == 0`, false},
		{`asynq_queue_size{state="pending"}`, true},
		{`copydesk_task_total`, true},
		{`rate(copydesk_fetch_total{klass="ok"}[5m])`, true},
		{`copydesk_tasks_total{le="1"}`, true},
		{`asynq_queue_pending`, true},
	} {
		_, errs := checkExpr(tc.expr)
		if got := len(errs) > 0; got != tc.wantErr {
			t.Errorf("checkExpr(%q) errors = %v, want error: %v", tc.expr, errs, tc.wantErr)
		}
	}
}

// ---------------------------------------------------------------- Grafana

func TestGrafanaDashboard(t *testing.T) {
	d := loadDashboard(t)
	if d.SchemaVersion != 39 {
		t.Errorf("schemaVersion = %d, want 39", d.SchemaVersion)
	}
	if d.UID == "" || d.Title == "" {
		t.Error("dashboard needs a uid and a title")
	}
	hasDS := false
	for _, v := range d.Templating.List {
		if v.Name == "datasource" && v.Type == "datasource" && v.Query == "prometheus" {
			hasDS = true
		}
	}
	if !hasDS {
		t.Error(`no "datasource" template variable of type datasource/prometheus`)
	}
	panels := leafPanels(d.Panels)
	if len(panels) < 9 {
		t.Errorf("%d panels, want at least 9", len(panels))
	}
	ids := map[int]bool{}
	for _, p := range panels {
		if ids[p.ID] {
			t.Errorf("panel %q: duplicate id %d", p.Title, p.ID)
		}
		ids[p.ID] = true
		if p.Title == "" {
			t.Errorf("panel %d has no title", p.ID)
		}
		if !usesDatasourceVar(p.Datasource) {
			t.Errorf("panel %q: datasource %v, want the ${datasource} variable", p.Title, p.Datasource)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no targets", p.Title)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if strings.TrimSpace(q.Expr) == "" || !balanced(q.Expr) {
				t.Errorf("panel %q target %s: expr empty or unbalanced: %q", p.Title, q.RefID, q.Expr)
			}
			if q.RefID == "" || refs[q.RefID] {
				t.Errorf("panel %q: missing or duplicate refId %q", p.Title, q.RefID)
			}
			refs[q.RefID] = true
			if q.Datasource != nil && !usesDatasourceVar(q.Datasource) {
				t.Errorf("panel %q target %s: datasource %v", p.Title, q.RefID, q.Datasource)
			}
		}
	}
}

func usesDatasourceVar(ds any) bool {
	switch ds := ds.(type) {
	case string:
		return ds == "${datasource}" || ds == "$datasource"
	case map[string]any:
		uid, _ := ds["uid"].(string)
		return uid == "${datasource}" || uid == "$datasource"
	}
	return false
}

// ---------------------------------------------------------------- Dockerfile

type dockerInstr struct {
	cmd, args string
	stage     int
}

// dockerInstructions joins continuation lines and drops comments.
func dockerInstructions(data []byte) []dockerInstr {
	var out []dockerInstr
	stage := -1
	var cur strings.Builder
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		cmd, args, _ := strings.Cut(line, " ")
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			stage++
		}
		out = append(out, dockerInstr{cmd: cmd, args: strings.TrimSpace(args), stage: stage})
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if l, ok := strings.CutSuffix(strings.TrimRight(line, " \t"), `\`); ok {
			cur.WriteString(l + " ")
			continue
		}
		cur.WriteString(line)
		flush()
	}
	flush()
	return out
}

func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	ins := dockerInstructions(data)
	last := ins[len(ins)-1].stage
	if last < 1 {
		t.Fatalf("want a multi-stage build, got %d stage(s)", last+1)
	}
	var (
		finalFrom, user, entrypoint, expose, env string
		builds                                   []string
		copyMods, copyAll                        = -1, -1
	)
	for i, in := range ins {
		switch {
		case in.cmd == "FROM" && in.stage == 0:
			if !strings.Contains(in.args, "golang:1.26") {
				t.Errorf("build stage FROM %q, want golang:1.26", in.args)
			}
		case in.cmd == "FROM" && in.stage == last:
			finalFrom = in.args
		case in.cmd == "USER" && in.stage == last:
			user = in.args
		case in.cmd == "ENTRYPOINT":
			entrypoint = in.args
		case in.cmd == "EXPOSE":
			expose = in.args
		case in.cmd == "ENV" && in.stage == last:
			env += " " + in.args
		case in.cmd == "COPY" && in.stage == 0 && strings.HasPrefix(in.args, "go.mod go.sum"):
			copyMods = i
		case in.cmd == "COPY" && in.stage == 0 && strings.HasPrefix(in.args, ". "):
			copyAll = i
		case in.cmd == "RUN" && in.stage == 0:
			builds = append(builds, in.args)
		}
	}
	nonRootUser := user != "" && !regexp.MustCompile(`^(0|root)(:|$)`).MatchString(user)
	if !strings.Contains(finalFrom, ":nonroot") && !nonRootUser {
		t.Errorf("final stage FROM %q USER %q: want a :nonroot base or a non-root USER", finalFrom, user)
	}
	if user != "" && !nonRootUser {
		t.Errorf("final stage USER %q is root", user)
	}
	if copyMods < 0 || copyAll < 0 || copyMods > copyAll {
		t.Error("want COPY go.mod go.sum (and go mod download) before COPY . .")
	}
	run := strings.Join(builds, "\n")
	for _, pkg := range []string{"./cmd/worker", "./cmd/enqueue"} {
		re := regexp.MustCompile(`go build [^&\n]*` + regexp.QuoteMeta(pkg) + `\b`)
		if !re.MatchString(run) {
			t.Errorf("no go build of %s", pkg)
		}
	}
	if !strings.Contains(run, "go mod download") || strings.Count(run, "CGO_ENABLED=0") < 2 || strings.Count(run, "-trimpath") < 2 {
		t.Errorf("build RUN lines lack go mod download, CGO_ENABLED=0 or -trimpath:\n%s", run)
	}
	if entrypoint != `["/worker"]` {
		t.Errorf("ENTRYPOINT %s, want [\"/worker\"]", entrypoint)
	}
	if expose != "8077" {
		t.Errorf("EXPOSE %q, want 8077", expose)
	}
	if !strings.Contains(env, "COPYDESK_HTTP_ADDR=0.0.0.0:8077") {
		t.Errorf("final stage ENV %q lacks COPYDESK_HTTP_ADDR=0.0.0.0:8077", env)
	}
	if !bytes.Contains(data, []byte("COPYDESK_API_TOKEN")) {
		t.Error("Dockerfile does not document that COPYDESK_API_TOKEN is required")
	}
}

// ---------------------------------------------------------------- Compose

func TestCompose(t *testing.T) {
	docs := mustDocs(t, "compose.yaml")
	var c struct {
		Services map[string]struct {
			Image       string            `json:"image"`
			Command     []string          `json:"command"`
			Entrypoint  []string          `json:"entrypoint"`
			Environment map[string]string `json:"environment"`
			Profiles    []string          `json:"profiles"`
			DependsOn   map[string]struct {
				Condition string `json:"condition"`
			} `json:"depends_on"`
			Healthcheck     map[string]any `json:"healthcheck"`
			StopGracePeriod string         `json:"stop_grace_period"`
		} `json:"services"`
	}
	decode(t, docs[0], &c)
	redis, worker, enq := c.Services["redis"], c.Services["worker"], c.Services["enqueue"]
	cmd := strings.Join(redis.Command, " ")
	for _, w := range []string{"--appendonly yes", "--appendfsync everysec", "--maxmemory-policy noeviction"} {
		if !strings.Contains(cmd, w) {
			t.Errorf("redis command %q lacks %q", cmd, w)
		}
	}
	if redis.Healthcheck == nil {
		t.Error("redis has no healthcheck")
	}
	if worker.DependsOn["redis"].Condition != "service_healthy" {
		t.Error("worker does not wait for a healthy redis")
	}
	if worker.Environment["REDIS_URL"] != "redis://redis:6379/0" {
		t.Errorf("worker REDIS_URL = %q", worker.Environment["REDIS_URL"])
	}
	if tok := worker.Environment["COPYDESK_API_TOKEN"]; !strings.HasPrefix(tok, "${COPYDESK_API_TOKEN:?") {
		t.Errorf("worker COPYDESK_API_TOKEN = %q, want a required variable", tok)
	}
	if d, err := time.ParseDuration(worker.StopGracePeriod); err != nil || d <= shutdownTimeout {
		t.Errorf("worker stop_grace_period %q, want more than %v", worker.StopGracePeriod, shutdownTimeout)
	}
	if !slices.Contains(enq.Profiles, "tools") || !slices.Equal(enq.Entrypoint, []string{"/enqueue"}) {
		t.Errorf("enqueue service: profiles %v entrypoint %v", enq.Profiles, enq.Entrypoint)
	}
	for name, s := range c.Services {
		for k := range s.Environment {
			if name != "redis" && !slices.Contains(knownEnv, k) {
				t.Errorf("service %s: unknown env %s", name, k)
			}
		}
	}
}

// ---------------------------------------------------------------- systemd

// unitSettings returns KEY=value settings of a systemd unit, in order.
func unitSettings(data []byte) map[string][]string {
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if ok {
			m[strings.TrimSpace(k)] = append(m[strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return m
}

func TestSystemdUnit(t *testing.T) {
	data, err := os.ReadFile("systemd/copydesk-worker.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range []string{"[Unit]", "[Service]", "[Install]"} {
		if !bytes.Contains(data, []byte("\n"+sec+"\n")) {
			t.Errorf("unit lacks section %s", sec)
		}
	}
	s := unitSettings(data)
	get := func(k string) string {
		if v := s[k]; len(v) > 0 {
			return v[len(v)-1]
		}
		return ""
	}
	if exec := get("ExecStart"); !strings.HasPrefix(exec, "/") {
		t.Errorf("ExecStart = %q, want an absolute path", exec)
	}
	want := map[string]string{
		"Type": "simple", "DynamicUser": "yes", "EnvironmentFile": "-/etc/copydesk/worker.env",
		"Restart": "on-failure", "KillSignal": "SIGTERM", "NoNewPrivileges": "yes",
		"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
		"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "MemoryMax": "512M",
	}
	for k, v := range want {
		if get(k) != v {
			t.Errorf("%s = %q, want %q", k, get(k), v)
		}
	}
	stop, err := strconv.Atoi(get("TimeoutStopSec"))
	if err != nil || time.Duration(stop)*time.Second <= shutdownTimeout {
		t.Errorf("TimeoutStopSec = %q, want seconds above the %v shutdown timeout", get("TimeoutStopSec"), shutdownTimeout)
	}
}

func TestWorkerEnvExample(t *testing.T) {
	data, err := os.ReadFile("systemd/worker.env.example")
	if err != nil {
		t.Fatal(err)
	}
	assign := regexp.MustCompile(`^#?([A-Z][A-Z0-9_]*)=(.*)$`)
	set := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := assign.FindStringSubmatch(line)
		if m == nil {
			if !strings.HasPrefix(line, "#") {
				t.Errorf("line %d: %q is neither KEY=value nor a comment", i+1, line)
			}
			continue
		}
		if !slices.Contains(knownEnv, m[1]) {
			t.Errorf("line %d: unknown variable %s", i+1, m[1])
		}
		if !strings.HasPrefix(line, "#") {
			set[m[1]] = m[2]
		}
	}
	if set["REDIS_URL"] == "" {
		t.Error("REDIS_URL is not set")
	}
	if addr := set["COPYDESK_HTTP_ADDR"]; !strings.HasPrefix(addr, "127.0.0.1:") && set["COPYDESK_API_TOKEN"] == "" {
		t.Errorf("COPYDESK_HTTP_ADDR %q is not loopback and no COPYDESK_API_TOKEN is set", addr)
	}
}

// ---------------------------------------------------------------- crontab

var cronEnvLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\s*=`)

// checkCrontab checks a user crontab: every job line has five valid time
// fields followed by a command. It returns the commands.
func checkCrontab(text string) (commands []string, errs []error) {
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || cronEnvLine.MatchString(line) {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 6 {
			errs = append(errs, fmt.Errorf("line %d: %q: want 5 time fields and a command", i+1, line))
			continue
		}
		spec := strings.Join(f[:5], " ")
		if _, err := cron.ParseStandard(spec); err != nil {
			errs = append(errs, fmt.Errorf("line %d: time fields %q: %w", i+1, spec, err))
			continue
		}
		if strings.Contains(strings.Join(f[5:], " "), "%") && !strings.Contains(line, `\%`) {
			errs = append(errs, fmt.Errorf("line %d: unescaped %% in command", i+1))
		}
		commands = append(commands, strings.Join(f[5:], " "))
	}
	return commands, errs
}

func TestCrontab(t *testing.T) {
	data, err := os.ReadFile("crontab.example")
	if err != nil {
		t.Fatal(err)
	}
	cmds, errs := checkCrontab(string(data))
	for _, err := range errs {
		t.Error(err)
	}
	joined := strings.Join(cmds, "\n")
	for _, w := range []string{"enqueue feed https://example.com/", "enqueue batch /var/spool/copydesk/today.jsonl"} {
		if !strings.Contains(joined, w) {
			t.Errorf("no cron job runs %q", w)
		}
	}
	for _, c := range cmds {
		if !strings.Contains(c, ">>") || !strings.Contains(c, "2>&1") {
			t.Errorf("cron job does not redirect its output: %q", c)
		}
	}
	if !regexp.MustCompile(`(?m)^REDIS_URL=redis://`).Match(data) {
		t.Error("crontab does not set REDIS_URL")
	}
	for _, code := range []string{"0 ", "2 ", "3 "} {
		if !bytes.Contains(data, []byte("#   "+code)) {
			t.Errorf("exit code %q is not explained", strings.TrimSpace(code))
		}
	}
}

func TestCrontabCheckCatchesMistakes(t *testing.T) {
	for _, tc := range []struct {
		line string
		ok   bool
	}{
		{"*/15 * * * * enqueue feed https://example.com/rss.xml", true},
		{"PATH=/usr/bin", true},
		{"# */15 * * * comment", true},
		{"*/15 * * * enqueue feed https://example.com/rss.xml", false},
		{"61 * * * * enqueue queues", false},
		{"0 0 * * * root enqueue queues >/dev/null", true}, // cannot tell a user name from a command
		{"0 0 * * *", false},
		{"0 0 * * * enqueue batch /tmp/$(date +%F).jsonl", false},
	} {
		_, errs := checkCrontab(tc.line)
		if ok := len(errs) == 0; ok != tc.ok {
			t.Errorf("checkCrontab(%q) errors %v, want ok=%v", tc.line, errs, tc.ok)
		}
	}
}

// TestReadmeMentionsEveryFile makes sure README.md documents every artifact.
func TestReadmeMentionsEveryFile(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".go") || path == "README.md" {
			return err
		}
		if !bytes.Contains(readme, []byte(filepath.ToSlash(path))) && !bytes.Contains(readme, []byte(filepath.Base(path))) {
			return errors.New(path + " is not mentioned in README.md")
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
