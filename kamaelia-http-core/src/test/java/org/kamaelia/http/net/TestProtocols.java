package org.kamaelia.http.net;

import java.util.concurrent.atomic.AtomicLong;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;

/** Small protocols for socket tests. */
final class TestProtocols {
    private TestProtocols() {}

    /** Sends every byte back; finishes when the client finishes sending. */
    static final class Echo extends ProtocolComponent {
        @Override
        protected void react() {
            for (ByteChunk chunk; (chunk = inbox.peek()) != null; ) {
                if (!outbox.trySend(chunk)) {
                    return;
                }
                inbox.poll();
            }
            for (Signal s; (s = control.poll()) != null; ) {
                if (s instanceof ProducerFinished) {
                    signal.send(ProducerFinished.INSTANCE);
                    finish();
                    return;
                }
            }
        }
    }

    /** Streams {@code total} bytes (or for ever when negative) as fast as the connection takes them. */
    static final class Streamer extends ProtocolComponent {
        static final int CHUNK = 16 * 1024;
        final AtomicLong produced;
        final AtomicLong blocked;
        final long total;
        private final byte[] pattern = new byte[CHUNK];

        Streamer(long total, AtomicLong produced, AtomicLong blocked) {
            this.total = total;
            this.produced = produced;
            this.blocked = blocked;
            for (int i = 0; i < CHUNK; i++) {
                pattern[i] = (byte) i;
            }
        }

        @Override
        protected void react() {
            inbox.clear();
            for (Signal s; (s = control.poll()) != null; ) {
                if (s instanceof ProducerFinished && total >= 0 && produced.get() >= total) {
                    signal.send(ProducerFinished.INSTANCE);
                    return;
                }
            }
            while (total < 0 || produced.get() < total) {
                if (!outbox.hasRoom()) {
                    blocked.incrementAndGet();
                    return;
                }
                int size = total < 0 ? CHUNK : (int) Math.min(CHUNK, total - produced.get());
                outbox.send(ByteChunk.wrap(pattern, 0, size));
                produced.addAndGet(size);
            }
            signal.send(ProducerFinished.INSTANCE);
            finish();
        }
    }
}
