package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/keys"
)

// DefaultSyncInterval is how often the running PeriodicTaskManager asks
// the Provider for changes.
const DefaultSyncInterval = 10 * time.Second

// SchedulerConfig configures a Scheduler. Zero values mean the defaults.
type SchedulerConfig struct {
	// Redis is the shared client, used for the lock and by asynq. The
	// Scheduler never closes it.
	Redis redis.UniversalClient
	// Prefix is the copydesk key prefix; the lock is keys.New(Prefix).SchedulerLock().
	Prefix string
	// Provider supplies the periodic tasks (usually a *Provider).
	Provider asynq.PeriodicTaskConfigProvider
	// SyncInterval: how often the leader re-reads the Provider; default
	// DefaultSyncInterval.
	SyncInterval time.Duration
	// Leader options: holder id, lock TTL, retry interval, error callback.
	Leader LeaderOptions
	// Location is the time zone of cron specs; default UTC.
	Location *time.Location
	// Logger and LogLevel are handed to asynq's Scheduler.
	Logger   asynq.Logger
	LogLevel asynq.LogLevel
	// PostEnqueue, when set, is called after each enqueue attempt (for
	// metrics).
	PostEnqueue func(info *asynq.TaskInfo, err error)
}

// Scheduler enqueues the Provider's periodic tasks from exactly one
// process among all that run it: the holder of the scheduler lock.
type Scheduler struct {
	cfg    SchedulerConfig
	leader *Leader
}

// NewScheduler checks cfg and returns a Scheduler.
func NewScheduler(cfg SchedulerConfig) (*Scheduler, error) {
	if cfg.Redis == nil {
		return nil, errors.New("schedule: Redis client is required")
	}
	if cfg.Provider == nil {
		return nil, errors.New("schedule: Provider is required")
	}
	if cfg.SyncInterval <= 0 {
		cfg.SyncInterval = DefaultSyncInterval
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	lock := keys.New(cfg.Prefix).SchedulerLock()
	return &Scheduler{cfg: cfg, leader: NewLeader(cfg.Redis, lock, cfg.Leader)}, nil
}

// IsLeader reports whether this Scheduler is the one firing ticks now.
func (s *Scheduler) IsLeader() bool { return s.leader.IsLeader() }

// ID returns the holder id this Scheduler writes in the lock.
func (s *Scheduler) ID() string { return s.leader.ID() }

// Run checks the Provider once, then campaigns for the lock until ctx ends,
// running a PeriodicTaskManager whenever it holds it. It returns the
// Provider's error if the first check fails, else nil when ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	if _, err := s.cfg.Provider.GetConfigs(); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	return s.leader.Run(ctx, s.lead)
}

// lead runs one PeriodicTaskManager for as long as ctx lasts.
func (s *Scheduler) lead(ctx context.Context) error {
	mgr, err := asynq.NewPeriodicTaskManager(asynq.PeriodicTaskManagerOpts{
		PeriodicTaskConfigProvider: s.cfg.Provider,
		RedisConnOpt:               sharedConn{s.cfg.Redis},
		SyncInterval:               s.cfg.SyncInterval,
		SchedulerOpts: &asynq.SchedulerOpts{
			Logger:          s.cfg.Logger,
			LogLevel:        s.cfg.LogLevel,
			Location:        s.cfg.Location,
			PostEnqueueFunc: s.cfg.PostEnqueue,
		},
	})
	if err != nil {
		return fmt.Errorf("periodic task manager: %w", err)
	}
	if err := mgr.Start(); err != nil {
		return fmt.Errorf("periodic task manager: %w", err)
	}
	<-ctx.Done()
	mgr.Shutdown()
	return nil
}

// sharedConn hands the shared client to asynq as a RedisConnOpt whose
// client asynq may "close" on shutdown without closing the shared one
// (NewSchedulerFromRedisClient would log an error at every shutdown).
type sharedConn struct{ c redis.UniversalClient }

func (s sharedConn) MakeRedisClient() interface{} { return noClose{s.c} }

type noClose struct{ redis.UniversalClient }

func (noClose) Close() error { return nil }
