// Builds the playground with Vite and serves it on http://localhost:8080/ (PORT overrides).
import { build, preview } from 'vite';

await build({ logLevel: 'warn' });
const server = await preview({ logLevel: 'warn' });
const port = server.httpServer.address().port;
console.log(`\nLossLab playground: http://localhost:${port}/\n(Ctrl+C to stop)`);
