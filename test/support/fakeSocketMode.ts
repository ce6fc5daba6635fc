/**
 * A stand-in for Slack's Socket Mode WebSocket endpoint on loopback, for tests: it accepts the
 * bot's WebSocket (the URL FakeSlackApi hands out from apps.connections.open), says `hello`,
 * delivers events as `events_api` envelopes, records the bot's acknowledgements, answers pings,
 * and can go down (drop every connection, refuse new ones) and come back, like an outage.
 *
 * Just enough of RFC 6455 for that (unfragmented text frames, ping/pong, close), written here
 * rather than taken from a WebSocket package the project does not depend on directly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface SocketModeAck {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketModeServer {
  /** Acknowledgements the bot sent back, in order */
  readonly acks: SocketModeAck[] = [];
  /** Connections accepted (each greeted with hello) since the start */
  connectionCount = 0;
  /** Close frames the bot sent (each answered with one, completing the close handshake) */
  closeFramesReceived = 0;
  private readonly open = new Set<Duplex>();
  private readonly emitter = new EventEmitter();
  private down = false;

  private constructor(private readonly server: http.Server) {
    this.emitter.setMaxListeners(0);
  }

  static async start(): Promise<FakeSocketModeServer> {
    const server = http.createServer((_req, res) => {
      res.writeHead(426);
      res.end();
    });
    const fake = new FakeSocketModeServer(server);
    server.on('upgrade', (req, socket) => fake.accept(req, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** What apps.connections.open should answer with */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=fake`;
  }

  /** Connections open now */
  get openConnections(): number {
    return this.open.size;
  }

  /** Down: every connection is dropped without a close frame and new ones are refused. Up again: accepted. */
  setDown(down: boolean): void {
    this.down = down;
    if (down) for (const socket of this.open) socket.destroy();
  }

  /** Deliver an Events API body (an `event_callback` envelope) to the newest connection; returns its envelope id. */
  sendEvent(body: Record<string, unknown>): string {
    const envelopeId = randomBytes(8).toString('hex');
    const socket = [...this.open].pop();
    if (!socket) throw new Error('no Socket Mode connection to deliver to');
    const message = { envelope_id: envelopeId, type: 'events_api', payload: body, accepts_response_payload: false, retry_attempt: 0, retry_reason: '' };
    socket.write(frame(OPCODE.text, Buffer.from(JSON.stringify(message))));
    return envelopeId;
  }

  /** Resolves once `count` connections in all have been greeted. */
  waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.connectionCount >= count) return Promise.resolve();
    return this.waitFor(() => this.connectionCount >= count, timeoutMs, `${count} connections`);
  }

  /** Resolves once the bot has acknowledged `envelopeId`. */
  waitForAck(envelopeId: string, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.acks.some((a) => a.envelope_id === envelopeId), timeoutMs, `the ack of ${envelopeId}`);
  }

  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.emitter.off('change', check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.emitter.off('change', check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.emitter.on('change', check);
    });
  }

  private accept(req: http.IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (this.down || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    this.open.add(socket);
    socket.on('close', () => this.open.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const parsed = readFrame(buffered);
        if (!parsed) break;
        buffered = buffered.subarray(parsed.length);
        this.onFrame(socket, parsed.opcode, parsed.payload);
      }
    });
    const hello = { type: 'hello', num_connections: this.open.size, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0ZHOUBAO1' } };
    socket.write(frame(OPCODE.text, Buffer.from(JSON.stringify(hello))));
    this.connectionCount += 1;
    this.emitter.emit('change');
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) {
      socket.write(frame(OPCODE.pong, payload));
    } else if (opcode === OPCODE.close) {
      this.closeFramesReceived += 1;
      socket.end(frame(OPCODE.close, payload.subarray(0, 2)));
    } else if (opcode === OPCODE.text) {
      try {
        this.acks.push(JSON.parse(payload.toString('utf8')) as SocketModeAck);
        this.emitter.emit('change');
      } catch {
        // not JSON: not an acknowledgement
      }
    }
  }
}

/** A server frame: final, unmasked. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126) {
    header[0] = 0x80 | opcode;
    if (length < 65536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
  }
  return Buffer.concat([header, payload]);
}

/** One client frame (masked) from the start of `data`, or null when it has not all arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (data.length < 2) return null;
  const opcode = data[0] & 0x0f;
  const masked = (data[1] & 0x80) !== 0;
  let length = data[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return null;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= data[maskOffset + (i % 4)];
  return { opcode, payload, length: offset + length };
}
