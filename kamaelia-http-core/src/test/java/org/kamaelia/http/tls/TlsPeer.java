package org.kamaelia.http.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.kamaelia.http.message.ByteChunk;

/**
 * The client end of a test: a client-mode {@link SSLEngine} driven by hand. {@link #produce()} makes the records the
 * client would send now (handshake, queued application data, close_notify); {@link #consume} takes the server's
 * records and keeps the plain bytes they carry. Delegated tasks run inline.
 */
final class TlsPeer {
    final SSLEngine engine;
    private ByteBuffer inbound = ByteBuffer.allocate(64 * 1024); // write mode
    private final ByteArrayOutputStream plain = new ByteArrayOutputStream();
    private final List<ByteBuffer> pending = new ArrayList<>();

    TlsPeer(SSLContext context, String protocol, String serverName) {
        engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues plain bytes to send once the handshake allows. */
    void write(byte[] bytes) {
        pending.add(ByteBuffer.wrap(bytes));
    }

    /** Records the client sends now: one chunk per record (or flight). */
    List<ByteChunk> produce() throws SSLException {
        List<ByteChunk> out = new ArrayList<>();
        for (int guard = 0; guard < 100_000; guard++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            while (!pending.isEmpty() && !pending.get(0).hasRemaining()) {
                pending.remove(0);
            }
            ByteBuffer source = pending.isEmpty() ? ByteBuffer.allocate(0) : pending.get(0);
            boolean wrapNeeded = status == HandshakeStatus.NEED_WRAP
                    || (status == HandshakeStatus.NOT_HANDSHAKING && source.hasRemaining() && !engine.isOutboundDone());
            if (!wrapNeeded) {
                break;
            }
            ByteBuffer records = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result = engine.wrap(source, records);
            if (records.position() > 0) {
                records.flip();
                out.add(ByteChunk.wrap(records));
            }
            if (result.getStatus() == Status.CLOSED || (result.bytesProduced() == 0 && result.bytesConsumed() == 0)) {
                break;
            }
        }
        return out;
    }

    /** Takes the server's records; throws what the engine throws for bad ones. */
    void consume(List<ByteChunk> records) throws SSLException {
        for (ByteChunk chunk : records) {
            if (inbound.remaining() < chunk.length()) {
                ByteBuffer bigger = ByteBuffer.allocate(inbound.capacity() * 2 + chunk.length());
                inbound.flip();
                bigger.put(inbound);
                inbound = bigger;
            }
            inbound.put(chunk.buffer());
        }
        inbound.flip();
        try {
            for (int guard = 0; guard < 100_000 && inbound.hasRemaining(); guard++) {
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                SSLEngineResult result = engine.unwrap(inbound, out);
                plain.write(out.array(), 0, out.position());
                if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    continue;
                }
                if (result.getStatus() == Status.BUFFER_UNDERFLOW || result.getStatus() == Status.CLOSED) {
                    break;
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break; // the engine wants to wrap first
                }
            }
        } finally {
            inbound.compact();
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    /** Whether the client's handshake is complete. */
    boolean handshakeDone() {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite());
    }

    /** Takes the plain bytes received so far. */
    byte[] takePlain() {
        byte[] bytes = plain.toByteArray();
        plain.reset();
        return bytes;
    }

    /** Whether the server's close_notify arrived. */
    boolean closedByServer() {
        return engine.isInboundDone();
    }
}
