package main

import (
	"context"
	"sync"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/schedule"
	"github.com/copydesk/copydesk/tasks"
)

// startScheduler runs the feed scheduler when a feeds file is configured and
// returns its stop function (nil when none runs). Every worker may run it:
// only the holder of the scheduler lock fires, and the file is re-read when
// it changes.
func startScheduler(ctx context.Context, cfg config, rdb redis.UniversalClient, log *zap.Logger, lvl asynq.LogLevel) (func(), error) {
	if cfg.FeedsFile == "" {
		return nil, nil
	}
	slog := log.Named("scheduler")
	provider := schedule.NewProvider(cfg.FeedsFile, func(f schedule.Feed) (*asynq.Task, error) {
		opts := []asynq.Option{}
		if f.Queue != "" {
			opts = append(opts, asynq.Queue(f.Queue))
		}
		return tasks.NewFeedPollTask(tasks.FeedPollPayload{URL: f.URL, MaxItems: f.MaxItems}, opts...)
	}, func(err error) { slog.Error("feeds file rejected; keeping the last good schedule", zap.Error(err)) })
	s, err := schedule.NewScheduler(schedule.SchedulerConfig{
		Redis:    rdb,
		Prefix:   cfg.Prefix,
		Provider: provider,
		Logger:   slog.Sugar(),
		LogLevel: lvl,
		Leader: schedule.LeaderOptions{OnError: func(err error) {
			slog.Warn("scheduler lock", zap.Error(err))
		}},
		PostEnqueue: func(info *asynq.TaskInfo, err error) {
			if err != nil {
				slog.Info("feed poll not enqueued", zap.Error(err))
			}
		},
	})
	if err != nil {
		return nil, err
	}
	if _, err := provider.GetConfigs(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.Run(ctx); err != nil {
			slog.Error("scheduler stopped", zap.Error(err))
		}
	}()
	slog.Info("feed scheduler running", zap.String("file", cfg.FeedsFile), zap.Int("feeds", len(provider.Feeds())))
	return func() { cancel(); wg.Wait() }, nil
}
