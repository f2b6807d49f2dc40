package tasks_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// A Go service enqueues an article for processing. Submitting the same
// article twice collapses into one task: the second Enqueue reports a
// TaskID conflict, which is a duplicate, not an error.
func ExampleNewArticleProcessTask() {
	rdb := redis.NewClient(&redis.Options{Addr: testkit.Addr()})
	defer rdb.Close()
	client := asynq.NewClientFromRedisClient(rdb)
	queue := "example-" + testkit.Unique() // a real service keeps the default queue
	defer testkit.DeleteQueue(rdb, queue)

	body, err := os.ReadFile("../examples/seed-putin-north-korea.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: string(body)}, asynq.Queue(queue))
	if err != nil {
		fmt.Println("invalid article:", err)
		return
	}
	info, err := client.Enqueue(task)
	if err != nil {
		fmt.Println("enqueue:", err)
		return
	}
	fmt.Println("type:", info.Type)
	fmt.Println("state:", info.State)

	_, err = client.Enqueue(task)
	fmt.Println("second submission is a duplicate:", errors.Is(err, asynq.ErrTaskIDConflict))
	// Output:
	// type: article:process
	// state: pending
	// second submission is a duplicate: true
}
