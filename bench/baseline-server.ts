import Fastify from 'fastify';

// The HTTP baseline: bare Fastify (no logger, hooks or schemas) answering constant JSON. The runner
// passes, in BENCH_BODIES, the bodies Pakalpe actually returned, so both servers serialise the same
// object and send the same bytes; the difference is what authentication, validation, the use case
// with its queries and the zod response serialiser cost.

const bodies: { get: unknown; list: unknown } = JSON.parse(process.env.BENCH_BODIES ?? '{}');

const app = Fastify();
app.get('/get', async () => bodies.get);
app.get('/list', async () => bodies.list);
const shutdown = () => app.close().then(() => process.exit(0));
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.send?.({ url: `http://127.0.0.1:${address.port}` });
