// BullMQ peer baseline for copydesk's bench, on the same Redis:
//   REDIS_ADDR=127.0.0.1:6379 node bench.js [N=30000] [RUNS=3] [ARTICLES.jsonl]
// Prints the median no-op Worker throughput (concurrency 50) and the median
// addBulk throughput (chunks of 1000). With ARTICLES.jsonl (written by
// `go run ./cmd/bench -dump-articles FILE -n N`), each job's data is one
// article payload, the same input `enqueue batch` gets; without it, {i}.
// Uses a unique queue name and removes it afterwards.
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');

const N = parseInt(process.argv[2] || '30000', 10);
const RUNS = parseInt(process.argv[3] || '3', 10);
const ARTICLES = process.argv[4]
  ? require('fs').readFileSync(process.argv[4], 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
  : null;
const [host, port] = (process.env.REDIS_ADDR || '127.0.0.1:6379').split(':');
const connection = { host, port: parseInt(port, 10), maxRetriesPerRequest: null };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function once(N) {
  const name = 'cdbench-' + Math.random().toString(36).slice(2);
  const queue = new Queue(name, { connection });
  const jobs = Array.from({ length: N }, (_, i) => ({ name: 'noop', data: ARTICLES ? ARTICLES[i % ARTICLES.length] : { i }, opts: { removeOnComplete: true } }));
  let t = process.hrtime.bigint();
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
  const addRate = N / (Number(process.hrtime.bigint() - t) / 1e9);
  let done = 0;
  let finish;
  const finished = new Promise((r) => { finish = r; });
  t = process.hrtime.bigint();
  const worker = new Worker(name, async () => {}, { connection, concurrency: 50 });
  worker.on('completed', () => { if (++done === N) finish(); });
  await finished;
  const workRate = N / (Number(process.hrtime.bigint() - t) / 1e9);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { addRate, workRate };
}

(async () => {
  const adds = [], works = [];
  // an untimed warm-up, so that every timed run has a compiled (JIT) path
  // and open connections, as the Go side's measurements do
  await once(Math.min(N, 2000));
  for (let r = 0; r < RUNS; r++) {
    const { addRate, workRate } = await once(N);
    adds.push(addRate); works.push(workRate);
  }
  console.log(`bullmq no-op worker, concurrency 50 (jobs/s)  median ${median(works).toFixed(0)}  runs ${works.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`bullmq addBulk, chunks of 1000, ${ARTICLES ? 'article' : 'tiny'} payloads (jobs/s)  median ${median(adds).toFixed(0)}  runs ${adds.map((x) => x.toFixed(0)).join(' ')}`);
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
