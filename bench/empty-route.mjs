// Baseline for `npm run bench -- foundation`: the cheapest possible Fastify POST route on this machine, in its own
// process like the real server. Prints "listening <port>" once ready. Loopback only.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/x', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${app.server.address().port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
