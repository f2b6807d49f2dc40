package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"golang.org/x/term"
)

// inspect implements queues, archived, task and rerun.
func (c *cli) inspect(ctx context.Context, cmd string, args []string) int {
	fs := flag.NewFlagSet("enqueue "+cmd, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	queue := fs.String("queue", "", "queue (default: all queues)")
	all := fs.Bool("all", false, "rerun: every archived task of the queue(s)")
	limit := fs.Int("limit", 100, "archived: at most this many tasks per queue")
	if err := fs.Parse(args); err != nil {
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
	queues := []string{*queue}
	if *queue == "" {
		queues, err = s.inspector.Queues()
		if err != nil {
			return c.fail(exitUnreachable, "%s", redisErr(err))
		}
		sort.Strings(queues)
	}
	switch cmd {
	case "queues":
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
		var rows []row
		for _, q := range queues {
			qi, err := s.inspector.GetQueueInfo(q)
			if err != nil {
				return c.fail(exitFailed, "queue %s: %v", q, err)
			}
			rows = append(rows, row{q, qi.Pending, qi.Active, qi.Scheduled, qi.Retry, qi.Archived, qi.Completed,
				qi.Processed, qi.Failed, qi.Latency.Seconds(), qi.Paused})
		}
		if *asJSON {
			if rows == nil {
				rows = []row{}
			}
			writeJSON(c.stdout, rows)
			return exitOK
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "QUEUE\tPENDING\tACTIVE\tSCHEDULED\tRETRY\tARCHIVED\tDONE TODAY\tFAILED TODAY\tLATENCY\tPAUSED")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%v\n", r.Queue, r.Pending, r.Active, r.Scheduled,
				r.Retry, r.Archived, r.Processed, r.Failed, time.Duration(r.LatencyS*float64(time.Second)).Round(time.Millisecond), r.Paused)
		}
		tw.Flush()
		return exitOK
	case "archived":
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
			list, err := s.inspector.ListArchivedTasks(q, asynq.PageSize(*limit))
			if err != nil {
				return c.fail(exitFailed, "queue %s: %v", q, err)
			}
			for _, t := range list {
				rows = append(rows, row{q, t.ID, t.Type, t.Retried, t.LastFailedAt, t.LastErr})
			}
		}
		if *asJSON {
			writeJSON(c.stdout, rows)
			return exitOK
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "QUEUE\tTASK\tTYPE\tRETRIED\tFAILED AT\tREASON")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Queue, short(r.TaskID, 40), r.Type, r.Retried,
				r.FailedAt.Format(time.RFC3339), short(r.Error, 100))
		}
		tw.Flush()
		return exitOK
	case "task", "rerun":
		if cmd == "rerun" && *all {
			total := 0
			for _, q := range queues {
				n, err := s.inspector.RunAllArchivedTasks(q)
				if err != nil {
					return c.fail(exitFailed, "queue %s: %v", q, err)
				}
				total += n
			}
			writeJSON(c.stdout, map[string]int{"rerun": total})
			return exitOK
		}
		if fs.NArg() != 1 {
			return c.fail(exitBadRequest, "%s takes one TASK_ID", cmd)
		}
		id := fs.Arg(0)
		for _, q := range queues {
			info, err := s.inspector.GetTaskInfo(q, id)
			if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
				continue
			}
			if err != nil {
				return c.fail(exitFailed, "task %s: %v", id, err)
			}
			if cmd == "rerun" {
				if err := s.inspector.RunTask(q, id); err != nil {
					return c.fail(exitFailed, "rerun %s: %v", id, err)
				}
				writeJSON(c.stdout, map[string]string{"task_id": id, "queue": q, "state": "pending"})
				return exitOK
			}
			out := map[string]any{"task_id": info.ID, "queue": info.Queue, "type": info.Type, "state": info.State.String(),
				"retried": info.Retried, "max_retry": info.MaxRetry, "error": info.LastErr}
			if aid, err := s.store.ArticleForTask(ctx, id); err == nil {
				out["article_id"] = aid
			}
			if *asJSON {
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
		if aid, err := s.store.ArticleForTask(ctx, id); err == nil {
			writeJSON(c.stdout, map[string]string{"task_id": id, "state": "done", "article_id": aid})
			return exitOK
		}
		return c.fail(exitBadRequest, "task %s not found", id)
	}
	return exitBadRequest
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
