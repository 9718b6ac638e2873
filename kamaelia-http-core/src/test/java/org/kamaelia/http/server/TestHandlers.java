package org.kamaelia.http.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;

/** Streaming handlers for tests. */
final class TestHandlers {
    static final AtomicInteger LIVE = new AtomicInteger();

    private TestHandlers() {}

    /** Sends {@code parts} parts of {@code size} bytes without declaring a length. */
    static final class Stream extends HandlerComponent {
        private final int parts;
        private final int size;
        private int sent;
        private boolean started;

        Stream(int parts, int size) {
            this.parts = parts;
            this.size = size;
        }

        @Override
        protected void react() {
            inbox.clear();
            if (!started) {
                started = true;
                outbox.send(ResponseHead.status(200)
                        .header("Content-Type", "application/octet-stream")
                        .build());
                wakeSoon(); // the rest comes in later reacts, so the first batch is not complete
                return;
            }
            while (sent < parts && outbox.hasRoom()) {
                byte[] part = new byte[size];
                java.util.Arrays.fill(part, (byte) ('a' + sent % 26));
                outbox.send(ByteChunk.wrap(part));
                sent++;
                if (sent < parts) {
                    wakeSoon();
                    return;
                }
            }
            if (sent == parts) {
                outbox.send(EndOfResponse.INSTANCE);
                sent++;
            }
        }

        private void wakeSoon() {
            runAfter(Duration.ZERO, this::wake);
        }
    }

    /** An endless stream of lines, one every {@code every}; counts live instances. */
    static final class Ticker extends HandlerComponent {
        private final Duration every;
        private long n;

        Ticker(Duration every) {
            this.every = every;
        }

        @Override
        protected void onStart() {
            LIVE.incrementAndGet();
            outbox.send(ResponseHead.status(200)
                    .header("Content-Type", "text/plain")
                    .endless()
                    .build());
            tick();
        }

        private void tick() {
            if (outbox.hasRoom()) {
                outbox.send(ByteChunk.utf8("tick " + n++ + "\n"));
            }
            runAfter(every, this::tick);
        }

        @Override
        protected void react() {
            inbox.clear();
        }

        @Override
        protected void onFinish() {
            LIVE.decrementAndGet();
        }
    }

    /** Echoes the request body back, streaming, with chunked framing. */
    static final class Echo extends HandlerComponent {
        private boolean headSent;

        @Override
        protected void react() {
            for (RequestPart part; (part = inbox.peek()) != null; ) {
                if (part instanceof RequestHead head) {
                    inbox.poll();
                    if (head.expectsContinue()) {
                        outbox.send(ResponseHead.status(100).build());
                    }
                    outbox.send(ResponseHead.status(200)
                            .header("Content-Type", head.headers().firstOr("Content-Type", "application/octet-stream"))
                            .build());
                    headSent = true;
                } else if (part instanceof ByteChunk chunk) {
                    if (!outbox.hasRoom()) {
                        return;
                    }
                    inbox.poll();
                    outbox.send(chunk);
                } else if (part instanceof EndOfRequest) {
                    inbox.poll();
                    outbox.send(EndOfResponse.INSTANCE);
                }
            }
        }
    }

    /** Answers without reading the body: a final response straight away. */
    static final class Refuser extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                byte[] body = "no thanks".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                outbox.send(ResponseHead.status(403).contentLength(body.length).build());
                outbox.send(ByteChunk.wrap(body));
                outbox.send(EndOfResponse.INSTANCE);
            }
        }
    }

    /** Throws when it sees the request. */
    static final class Thrower extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() != null) {
                throw new IllegalStateException("handler bug");
            }
        }
    }

    /** Sends a head and part of a declared body, then throws. */
    static final class ThrowsAfterHead extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                outbox.send(ResponseHead.status(200).contentLength(100).build());
                outbox.send(ByteChunk.utf8("partial"));
                runAfter(Duration.ofMillis(20), () -> {
                    throw new IllegalStateException("late handler bug");
                });
            }
        }
    }

    /** Ends (ProducerFinished on signal) without ever responding. */
    static final class Silent extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                signal.send(org.kamaelia.http.component.ProducerFinished.INSTANCE);
                finish();
            }
        }
    }

    /** Counts requests on one instance; stays alive between them. */
    static final class Counter extends HandlerComponent {
        int requests;
        int concurrent;
        int maxConcurrent;

        @Override
        public boolean persistent() {
            return true;
        }

        @Override
        protected void react() {
            for (RequestPart part; (part = inbox.poll()) != null; ) {
                if (part instanceof RequestHead) {
                    concurrent++;
                    maxConcurrent = Math.max(maxConcurrent, concurrent);
                    requests++;
                } else if (part instanceof EndOfRequest) {
                    byte[] body = ("request " + requests).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    outbox.send(
                            ResponseHead.status(200).contentLength(body.length).build());
                    outbox.send(ByteChunk.wrap(body));
                    outbox.send(EndOfResponse.INSTANCE);
                    concurrent--;
                }
            }
        }
    }
}
