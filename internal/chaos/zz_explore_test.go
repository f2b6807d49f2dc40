package chaos

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

func TestZZExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip()
	}
	ctx := context.Background()
	pki := newTestPKI(t)
	conf := fmt.Sprintf("tls-cert-file %s\ntls-key-file %s\ntls-ca-cert-file %s\ntls-auth-clients no\nuser default off\nuser admin on >adminpw ~* &* +@all\nuser copydesk on >pw resetkeys resetchannels ~copydesk:* ~rate:copydesk:* ~asynq:* &asynq:cancel -@all +hello +ping +auth +info +config|get +eval +evalsha +multi +exec +get +set +setex +setnx +del +exists +expire +expireat +incr +hset +hget +hgetall +hmget +hdel +sadd +srem +smembers +sismember +smismember +zadd +zrem +zrange +zrangebyscore +zrevrangebyscore +zremrangebyscore +zcard +zscan +lpush +lrange +llen +lrem +rpoplpush +xadd +memory|usage +subscribe\nmaxmemory-policy allkeys-lru\n", pki.CertFile, pki.KeyFile, pki.CAFile)
	rs := startRedis(t, redisOptions{TLS: pki.clientTLS(), User: "admin", Pass: "adminpw", Conf: conf})
	adm := rs.client()
	adm.ConfigResetStat(ctx)
	w := startWorker(t, workerSpec{RedisURL: fmt.Sprintf("rediss://copydesk:pw@%s", rs.addr()), Prefix: "copydesk:", Queue: "q",
		Env: []string{"SSL_CERT_FILE=" + pki.CAFile}, Args: []string{"--unsafe-allow-loopback-fetch"}})
	task, _ := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: innocentText(3), URL: "https://example.com/x"}, asynq.Queue("q"))
	asynq.NewClientFromRedisClient(adm).Enqueue(task)
	time.Sleep(3 * time.Second)
	hc := testkit.HTTPClient(t)
	for _, p := range []string{"/metrics", "/v1/articles/" + *tasks.KnownArticleID(task), "/v1/articles?entity=Ana%20Ruiz", "/monitor/api/queues", "/readyz"} {
		resp, err := hc.Get("http://" + w.admin + p)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			t.Logf("%s %d %d", p, resp.StatusCode, len(b))
		}
	}
	time.Sleep(7 * time.Second)
	lg, _ := adm.Do(ctx, "ACL", "LOG").Result()
	t.Logf("ACL LOG: %v", lg)
	info, _ := adm.Info(ctx, "commandstats").Result()
	for _, l := range strings.Split(info, "\n") {
		if strings.HasPrefix(l, "cmdstat_") {
			t.Log(strings.SplitN(l, ":", 2)[0])
		}
	}
	cl, _ := adm.ClientList(ctx).Result()
	t.Log(cl)
	t.Log(tail(w.log.String(), 3000))
}
