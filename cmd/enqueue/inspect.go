package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"golang.org/x/term"
)

// inspect implements queues, archived, quarantined, task, rerun and delete.
func (c *cli) inspect(ctx context.Context, cmd string, args []string) int {
	fs := flag.NewFlagSet("enqueue "+cmd, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	queue := fs.String("queue", "", "only this queue (default: copydesk's queues, from COPYDESK_QUEUES)")
	allQueues := fs.Bool("all-queues", false, "every asynq queue of this Redis, other applications' included")
	all := fs.Bool("all", false, "rerun: every archived task of the queue(s)")
	limit := fs.Int("limit", 100, "archived: at most this many tasks per queue")
	if err := parseArgs(fs, args); err != nil {
		return exitBadRequest
	}
	if !*asJSON {
		fh, ok := c.stdout.(*os.File)
		*asJSON = !ok || !term.IsTerminal(int(fh.Fd()))
	}
	s, err := c.connect(ctx)
	if err != nil {
		return c.fail(exitUnreachable, "%s", redisErr(err))
	}
	defer s.Close()
	// One task named by its id is looked for in every queue; commands over
	// many tasks keep to copydesk's queues unless told otherwise.
	oneTask := cmd != "queues" && cmd != "archived" && cmd != "quarantined" && !*all
	queues, unknown, err := c.scope(s.inspector, *queue, *allQueues || oneTask)
	if err != nil {
		return c.fail(exitUnreachable, "%s", redisErr(err))
	}
	if unknown {
		return c.fail(exitBadRequest, "queue %q does not exist", *queue)
	}
	switch cmd {
	case "quarantined":
		return c.quarantined(ctx, s, *asJSON)
	case "queues":
		return c.queues(s, queues, *asJSON)
	case "archived":
		return c.archived(s, queues, *limit, *asJSON)
	}
	if cmd == "rerun" && *all {
		if fs.NArg() != 0 {
			return c.fail(exitBadRequest, "rerun takes a TASK_ID or --all, not both")
		}
		total := 0
		for _, q := range queues {
			n, err := s.inspector.RunAllArchivedTasks(q)
			if err != nil {
				return c.fail(exitFailed, "queue %s: %v", q, err)
			}
			total += n
		}
		if *asJSON {
			writeJSON(c.stdout, map[string]int{"rerun": total})
		} else {
			fmt.Fprintf(c.stdout, "%d archived tasks are pending again (queues: %v)\n", total, queues)
		}
		return exitOK
	}
	if fs.NArg() != 1 {
		return c.fail(exitBadRequest, "%s takes one TASK_ID", cmd)
	}
	return c.task(ctx, s, cmd, fs.Arg(0), queues, *asJSON)
}

func (c *cli) queues(s *session, queues []string, asJSON bool) int {
	type row struct {
		Queue     string  `json:"queue"`
		Pending   int     `json:"pending"`
		Active    int     `json:"active"`
		Scheduled int     `json:"scheduled"`
		Retry     int     `json:"retry"`
		Archived  int     `json:"archived"`
		Completed int     `json:"completed"`
		Processed int     `json:"processed_today"`
		Failed    int     `json:"failed_today"`
		LatencyS  float64 `json:"latency_seconds"`
		Paused    bool    `json:"paused"`
	}
	rows := []row{}
	for _, q := range queues {
		qi, err := s.inspector.GetQueueInfo(q)
		if err != nil {
			return c.fail(exitFailed, "queue %s: %v", q, err)
		}
		rows = append(rows, row{q, qi.Pending, qi.Active, qi.Scheduled, qi.Retry, qi.Archived, qi.Completed,
			qi.Processed, qi.Failed, qi.Latency.Seconds(), qi.Paused})
	}
	// asynq counts a failed run as processed too
	return printRows(c, asJSON, rows, "QUEUE\tPENDING\tACTIVE\tSCHEDULED\tRETRY\tARCHIVED\tPROCESSED TODAY\tFAILED TODAY\tLATENCY\tPAUSED",
		func(r row) string {
			return fmt.Sprintf("%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%v", r.Queue, r.Pending, r.Active, r.Scheduled,
				r.Retry, r.Archived, r.Processed, r.Failed, time.Duration(r.LatencyS*float64(time.Second)).Round(time.Millisecond), r.Paused)
		})
}

func (c *cli) archived(s *session, queues []string, limit int, asJSON bool) int {
	type row struct {
		Queue    string    `json:"queue"`
		TaskID   string    `json:"task_id"`
		Type     string    `json:"type"`
		Retried  int       `json:"retried"`
		FailedAt time.Time `json:"failed_at"`
		Error    string    `json:"error"`
	}
	rows := []row{}
	for _, q := range queues {
		list, err := s.inspector.ListArchivedTasks(q, asynq.PageSize(limit))
		if err != nil {
			return c.fail(exitFailed, "queue %s: %v", q, err)
		}
		for _, t := range list {
			rows = append(rows, row{q, t.ID, t.Type, t.Retried, t.LastFailedAt, t.LastErr})
		}
	}
	// task ids are printed whole: they are what task, rerun and delete take
	return printRows(c, asJSON, rows, "QUEUE\tTASK\tTYPE\tRETRIED\tFAILED AT\tREASON", func(r row) string {
		return fmt.Sprintf("%s\t%s\t%s\t%d\t%s\t%s", r.Queue, r.TaskID, r.Type, r.Retried,
			r.FailedAt.Format(time.RFC3339), short(r.Error, 100))
	})
}

// quarantined lists the tasks the worker quarantined after repeated
// crashes (they are archived too, with the same reason).
func (c *cli) quarantined(ctx context.Context, s *session, asJSON bool) int {
	m, err := s.store.Quarantined(ctx)
	if err != nil {
		return c.fail(exitUnreachable, "%s", redisErr(err))
	}
	type row struct {
		TaskID string `json:"task_id"`
		Since  string `json:"since"`
		Reason string `json:"reason"`
	}
	rows := []row{}
	for id, v := range m {
		since, reason, _ := strings.Cut(v, " ")
		rows = append(rows, row{id, since, reason})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Since < rows[j].Since })
	return printRows(c, asJSON, rows, "TASK\tSINCE\tREASON", func(r row) string {
		return r.TaskID + "\t" + r.Since + "\t" + r.Reason
	})
}

// printRows prints rows as a JSON array, or as a table: header, then one
// tab-separated line per row.
func printRows[R any](c *cli, asJSON bool, rows []R, header string, line func(R) string) int {
	if asJSON {
		writeJSON(c.stdout, rows)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, line(r))
	}
	tw.Flush()
	return exitOK
}

// task implements task, rerun and delete for one TaskID.
func (c *cli) task(ctx context.Context, s *session, cmd, id string, queues []string, asJSON bool) int {
	for _, q := range queues {
		info, err := s.inspector.GetTaskInfo(q, id)
		if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
			continue
		}
		if err != nil {
			return c.fail(exitFailed, "task %s: %v", id, err)
		}
		switch cmd {
		case "rerun":
			if err := s.inspector.RunTask(q, id); err != nil {
				return c.fail(exitBadRequest, "rerun %s (%s): %v", id, info.State, err)
			}
			return c.printFields(asJSON, map[string]any{"task_id": id, "queue": q, "state": "pending"})
		case "delete":
			if info.State == asynq.TaskStateActive {
				return c.fail(exitBadRequest, "task %s is running; it can be deleted once it ends", id)
			}
			if err := s.inspector.DeleteTask(q, id); err != nil {
				return c.fail(exitFailed, "delete %s: %v", id, err)
			}
			return c.printFields(asJSON, map[string]any{"task_id": id, "queue": q, "state": "deleted"})
		}
		out := map[string]any{"task_id": info.ID, "queue": info.Queue, "type": info.Type, "state": info.State.String(),
			"retried": info.Retried, "max_retry": info.MaxRetry, "error": info.LastErr}
		if aid, err := s.store.ArticleForTask(ctx, id); err == nil {
			out["article_id"] = aid
		}
		return c.printFields(asJSON, out)
	}
	aid, err := s.store.ArticleForTask(ctx, id)
	if err != nil {
		return c.fail(exitBadRequest, "task %s not found", id)
	}
	if cmd != "task" {
		return c.fail(exitBadRequest, "task %s is done (article %s): there is no task to %s", id, aid, cmd)
	}
	return c.printFields(asJSON, map[string]any{"task_id": id, "state": "done", "article_id": aid})
}

// printFields prints one object: JSON, or a two-column table.
func (c *cli) printFields(asJSON bool, out map[string]any) int {
	if asJSON {
		writeJSON(c.stdout, out)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, k := range []string{"task_id", "queue", "type", "state", "retried", "max_retry", "article_id", "error"} {
		if v, ok := out[k]; ok {
			fmt.Fprintf(tw, "%s\t%v\n", k, v)
		}
	}
	tw.Flush()
	return exitOK
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
