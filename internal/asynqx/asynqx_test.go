package asynqx_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/asynqx"
	"github.com/copydesk/copydesk/internal/testkit"
)

// optionSets are the option combinations checked against asynq's client.
var optionSets = [][]asynq.Option{
	{asynq.TaskID("plain")},
	{asynq.TaskID("tuned"), asynq.MaxRetry(3), asynq.Timeout(2 * time.Minute), asynq.Retention(time.Hour)},
	{asynq.TaskID("deadline"), asynq.MaxRetry(0), asynq.Deadline(time.Unix(4102444800, 0))},
	{asynq.TaskID("both"), asynq.Timeout(time.Second), asynq.Deadline(time.Unix(4102444800, 0))},
}

// TestSameAsAsynqClient enqueues each task with Enqueue, reads the stored
// message, deletes the task, enqueues it again with asynq's own client and
// requires the same bytes and the same task info.
func TestSameAsAsynqClient(t *testing.T) {
	rdb, _ := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	ctx := context.Background()
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)
	e := asynqx.New(rdb)
	for _, opts := range optionSets {
		opts = append(opts, asynq.Queue(q))
		payload := []byte(`{"text":"Caf\u00e9 – “quoted”","n":1}`)
		task, ok := asynqx.Compose("article:process", payload, opts...)
		if !ok {
			t.Fatalf("Compose refused %v", opts)
		}
		created, err := e.Enqueue(ctx, []asynqx.Task{task})
		if err != nil || len(created) != 1 || !created[0] {
			t.Fatalf("Enqueue %s: %v %v", task.ID, created, err)
		}
		key := fmt.Sprintf("asynq:{%s}:t:%s", q, task.ID)
		ours, err := rdb.HGetAll(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		ourInfo, err := insp.GetTaskInfo(q, task.ID)
		if err != nil {
			t.Fatalf("asynq's inspector cannot read %s: %v", task.ID, err)
		}
		if err := insp.DeleteTask(q, task.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := client.Enqueue(asynq.NewTask("article:process", payload), opts...); err != nil {
			t.Fatal(err)
		}
		theirs, err := rdb.HGetAll(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(ours["msg"]), []byte(theirs["msg"])) {
			t.Errorf("%s: message\n ours   %x\n asynq's %x", task.ID, ours["msg"], theirs["msg"])
		}
		if ours["state"] != theirs["state"] || len(ours) != len(theirs) {
			t.Errorf("%s: hash %v, asynq's %v", task.ID, ours, theirs)
		}
		theirInfo, err := insp.GetTaskInfo(q, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ourInfo.Type != theirInfo.Type || !bytes.Equal(ourInfo.Payload, theirInfo.Payload) || ourInfo.MaxRetry != theirInfo.MaxRetry ||
			ourInfo.Timeout != theirInfo.Timeout || !ourInfo.Deadline.Equal(theirInfo.Deadline) || ourInfo.Retention != theirInfo.Retention ||
			ourInfo.State != theirInfo.State || ourInfo.Queue != theirInfo.Queue {
			t.Errorf("%s: task info\n ours   %+v\n asynq's %+v", task.ID, ourInfo, theirInfo)
		}
		if err := insp.DeleteTask(q, task.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConflictsAndServer enqueues a chunk with an existing id and a repeat
// inside the chunk, then lets an asynq Server run every created task.
func TestConflictsAndServer(t *testing.T) {
	rdb, _ := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	ctx := context.Background()
	if _, err := asynq.NewClientFromRedisClient(rdb).Enqueue(asynq.NewTask("t", nil), asynq.TaskID("taken"), asynq.Queue(q)); err != nil {
		t.Fatal(err)
	}
	var ts []asynqx.Task
	for _, id := range []string{"a", "b", "taken", "c", "a"} {
		task, ok := asynqx.Compose("t", []byte("payload of "+id), asynq.TaskID(id), asynq.Queue(q), asynq.MaxRetry(2))
		if !ok {
			t.Fatal("Compose refused")
		}
		ts = append(ts, task)
	}
	created, err := asynqx.New(rdb).Enqueue(ctx, ts)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(created) != "[true true false true false]" {
		t.Fatalf("created %v, want [true true false true false]", created)
	}

	var mu sync.Mutex
	seen := map[string]string{}
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{Concurrency: 2, Queues: map[string]int{q: 1},
		LogLevel: asynq.FatalLevel, TaskCheckInterval: 50 * time.Millisecond})
	err = srv.Start(asynq.HandlerFunc(func(ctx context.Context, task *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		retries, _ := asynq.GetMaxRetry(ctx)
		mu.Lock()
		defer mu.Unlock()
		seen[id] = fmt.Sprintf("%s|%s|%d", task.Type(), task.Payload(), retries)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	testkit.Eventually(t, 10*time.Second, "4 tasks processed", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) == 4
	})
	for _, id := range []string{"a", "b", "c"} {
		if want := "t|payload of " + id + "|2"; seen[id] != want {
			t.Errorf("task %s ran as %q, want %q", id, seen[id], want)
		}
	}
	if seen["taken"] != "t||25" {
		t.Errorf("the earlier task ran as %q", seen["taken"])
	}
}

// TestComposeRefuses lists what only asynq's client may enqueue.
func TestComposeRefuses(t *testing.T) {
	for name, opts := range map[string][]asynq.Option{
		"no TaskID": {asynq.Queue("q")},
		"schedule":  {asynq.TaskID("x"), asynq.ProcessIn(time.Minute)},
		"at":        {asynq.TaskID("x"), asynq.ProcessAt(time.Now().Add(time.Hour))},
		"unique":    {asynq.TaskID("x"), asynq.Unique(time.Minute)},
		"group":     {asynq.TaskID("x"), asynq.Group("g")},
		"blank":     {asynq.TaskID("x"), asynq.Queue("  ")},
	} {
		if _, ok := asynqx.Compose("t", nil, opts...); ok {
			t.Errorf("%s: Compose accepted %v", name, opts)
		}
	}
	if task, ok := asynqx.Compose("t", nil, asynq.TaskID("x")); !ok || task.Queue != "default" || task.Retry != 25 || task.Timeout != 30*time.Minute {
		t.Errorf("defaults: %+v %v, want asynq's (queue default, 25 retries, 30m timeout)", task, ok)
	}
}
