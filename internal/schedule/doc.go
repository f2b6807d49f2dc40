// Package schedule polls feeds on a schedule read from a YAML file.
//
// Load reads and validates the file. A Provider hands its entries to
// asynq's PeriodicTaskManager and re-reads the file when it changes, so
// edits apply without a restart; a broken edit keeps the last good
// configuration.
//
// However many workers run, each tick must be enqueued once. asynq's
// Scheduler registers a task with fixed options, so a per-tick TaskID is
// impossible through it, and asynq.Unique is no substitute: its lock is
// released as soon as the task finishes, so a second scheduler firing a
// moment later (another host, a skewed clock) enqueues the same tick
// again. Instead, a Leader holds a Redis lock (SET NX PX, renewed, see
// keys.SchedulerLock) and only the holder runs a PeriodicTaskManager,
// starting it when it gains the lock and stopping it before the lock can
// expire. Scheduler wires the three together.
package schedule
