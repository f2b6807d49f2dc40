// Package asynqx does what asynq v0.26.0 lacks, on asynq's own Redis
// layout: bulk enqueue, and keeping queues registered.
//
// asynq v0.26.0 enqueues one task per round trip and script call and has
// no batch enqueue, so a producer of thousands of articles pays a round
// trip and a script call for each. Enqueuer.Enqueue writes asynq's layout
// exactly as asynq's Client.Enqueue does for a task with no schedule,
// uniqueness lock or group: it skips a task whose id exists (a TaskID
// conflict), else stores the task hash (msg, state "pending",
// pending_since) and pushes the id on the queue's pending list. The message
// is asynq's TaskMessage protobuf, written field by field. The tests check
// the result against asynq v0.26.0's own Inspector and Server; other
// options are refused by Compose, and callers use asynq's client for them.
//
// asynq lists queues in one set, written only when a producer enqueues.
// When Redis loses its data (a restart without persistence, a failover to
// an empty replica) the set is gone and the queues vanish from the
// inspector, the dashboard and the queue metrics until the next enqueue;
// RegisterQueues puts them back.
package asynqx

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"google.golang.org/protobuf/encoding/protowire"
)

// asynq v0.26.0's defaults and key names (client.go, internal/base).
const (
	defaultMaxRetry = 25
	defaultTimeout  = 30 * time.Minute
	allQueues       = "asynq:queues"
)

func taskKey(queue, id string) string { return "asynq:{" + queue + "}:t:" + id }
func pendingKey(queue string) string  { return "asynq:{" + queue + "}:pending" }

// Task is one task to enqueue, its options composed.
type Task struct {
	Type      string
	Payload   []byte
	ID        string
	Queue     string
	Retry     int
	Timeout   time.Duration
	Deadline  time.Time
	Retention time.Duration
}

// Compose applies opts (a task's options, then those given at enqueue
// time) as asynq's client does. ok is false when they ask for what only
// asynq's client does (a schedule, a uniqueness lock, a group, an unknown
// option) or lack a TaskID.
func Compose(typ string, payload []byte, opts ...asynq.Option) (t Task, ok bool) {
	t = Task{Type: typ, Payload: payload, Queue: "default", Retry: defaultMaxRetry}
	for _, o := range opts {
		switch o.Type() {
		case asynq.MaxRetryOpt:
			n, ok := o.Value().(int)
			if !ok {
				return t, false
			}
			t.Retry = n
		case asynq.QueueOpt:
			q, ok := o.Value().(string)
			if !ok || strings.TrimSpace(q) == "" {
				return t, false
			}
			t.Queue = q
		case asynq.TaskIDOpt:
			id, ok := o.Value().(string)
			if !ok || strings.TrimSpace(id) == "" {
				return t, false
			}
			t.ID = id
		case asynq.TimeoutOpt:
			d, ok := o.Value().(time.Duration)
			if !ok {
				return t, false
			}
			t.Timeout = d
		case asynq.DeadlineOpt:
			d, ok := o.Value().(time.Time)
			if !ok {
				return t, false
			}
			t.Deadline = d
		case asynq.RetentionOpt:
			d, ok := o.Value().(time.Duration)
			if !ok {
				return t, false
			}
			t.Retention = d
		default:
			return t, false
		}
	}
	if t.Timeout == 0 && t.Deadline.IsZero() {
		t.Timeout = defaultTimeout
	}
	return t, t.ID != "" && strings.TrimSpace(typ) != ""
}

// encode writes asynq's TaskMessage (internal/proto/asynq.proto in
// v0.26.0): type 1, payload 2, id 3, queue 4, retry 5, timeout 8,
// deadline 9, retention 12; zero values are left out, as proto3 does.
func encode(t Task) []byte {
	b := make([]byte, 0, len(t.Type)+len(t.Payload)+len(t.ID)+len(t.Queue)+48)
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, t.Type)
	if len(t.Payload) > 0 {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, t.Payload)
	}
	b = protowire.AppendTag(b, 3, protowire.BytesType)
	b = protowire.AppendString(b, t.ID)
	b = protowire.AppendTag(b, 4, protowire.BytesType)
	b = protowire.AppendString(b, t.Queue)
	varint := func(num protowire.Number, v int64) {
		if v != 0 {
			b = protowire.AppendTag(b, num, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(v))
		}
	}
	varint(5, int64(int32(t.Retry)))
	varint(8, int64(t.Timeout.Seconds()))
	deadline := int64(0)
	if !t.Deadline.IsZero() {
		deadline = t.Deadline.Unix()
	}
	varint(9, deadline)
	varint(12, int64(t.Retention.Seconds()))
	return b
}

// enqueueScript is asynq's enqueue script run for many tasks of a queue.
//
// KEYS[1] the pending list, KEYS[1+i] the key of task i
// ARGV[1] now in Unix ns, ARGV[2i] and ARGV[2i+1] the message and id of task i
// It returns 1 per task enqueued and 0 per id that exists.
var enqueueScript = redis.NewScript(`
local out = {}
for i = 2, #KEYS do
	if redis.call("EXISTS", KEYS[i]) == 1 then
		out[i-1] = 0
	else
		redis.call("HSET", KEYS[i], "msg", ARGV[2*(i-1)], "state", "pending", "pending_since", ARGV[1])
		redis.call("LPUSH", KEYS[1], ARGV[2*(i-1)+1])
		out[i-1] = 1
	end
end
return out
`)

// RegisterQueues adds queues to asynq's list of queues, as asynq's client
// does on its first enqueue to each.
func RegisterQueues(ctx context.Context, rdb redis.UniversalClient, queues ...string) error {
	if len(queues) == 0 {
		return nil
	}
	members := make([]any, len(queues))
	for i, q := range queues {
		members[i] = q
	}
	if err := rdb.SAdd(ctx, allQueues, members...).Err(); err != nil {
		return fmt.Errorf("register queues: %w", err)
	}
	return nil
}

// Enqueuer enqueues tasks in bulk. It is safe for concurrent use.
type Enqueuer struct {
	rdb       redis.UniversalClient
	published sync.Map // queues already added to asynq:queues
}

// New returns an Enqueuer on rdb, which it does not close.
func New(rdb redis.UniversalClient) *Enqueuer { return &Enqueuer{rdb: rdb} }

// Enqueue adds tasks, all of one queue, in one script call (its keys share
// the queue's hash tag, so it also works on a Cluster). created[i] is
// false when a task with tasks[i]'s id exists, an earlier one of the same
// call included.
func (e *Enqueuer) Enqueue(ctx context.Context, tasks []Task) (created []bool, err error) {
	if len(tasks) == 0 {
		return nil, nil
	}
	queue := tasks[0].Queue
	if _, ok := e.published.Load(queue); !ok {
		if err := RegisterQueues(ctx, e.rdb, queue); err != nil {
			return nil, err
		}
		e.published.Store(queue, true)
	}
	keys := make([]string, 1, len(tasks)+1)
	keys[0] = pendingKey(queue)
	args := make([]any, 1, 2*len(tasks)+1)
	args[0] = time.Now().UnixNano()
	for _, t := range tasks {
		if t.Queue != queue {
			return nil, fmt.Errorf("bulk enqueue: tasks of queues %q and %q in one call", queue, t.Queue)
		}
		keys = append(keys, taskKey(queue, t.ID))
		args = append(args, encode(t), t.ID)
	}
	res, err := enqueueScript.Run(ctx, e.rdb, keys, args...).Int64Slice()
	if err != nil {
		return nil, fmt.Errorf("bulk enqueue %d tasks on %s: %w", len(tasks), queue, err)
	}
	if len(res) != len(tasks) {
		return nil, fmt.Errorf("bulk enqueue: %d results for %d tasks", len(res), len(tasks))
	}
	created = make([]bool, len(res))
	for i, n := range res {
		created[i] = n == 1
	}
	return created, nil
}
