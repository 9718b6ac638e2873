package org.kamaelia.http.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ThreadedComponent;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;

/**
 * Runs a {@link BlockingHandler} as a handler component: a composite whose boxes pass through to a
 * {@link ThreadedComponent} child that runs the blocking code off the event loop.
 */
final class ThreadedHandler extends HandlerComponent {
    private static final Duration WAIT = Duration.ofMinutes(10);

    ThreadedHandler(BlockingHandler handler) {
        Worker worker = addChild(new Worker(handler, this));
        passThrough(inbox, worker.inbox);
        passThrough(worker.outbox, outbox);
    }

    @Override
    protected void react() {
        control.clear();
        if (children().isEmpty()) {
            finish();
        }
    }

    /** The thread side. */
    static final class Worker extends ThreadedComponent {
        final Inbox<RequestPart> inbox = newInbox("inbox", "the request, for the blocking code", 16);
        final Outbox<ResponsePart> outbox = newOutbox("outbox", "the response from the blocking code");
        private final BlockingHandler handler;
        // whose scope surrounds the blocking code: set by the factory before the request reaches the worker
        private final HandlerComponent owner;
        private boolean headSent;
        private boolean ended;
        private boolean continueNeeded;
        private boolean requestEnded;

        Worker(BlockingHandler handler, HandlerComponent owner) {
            this.handler = handler;
            this.owner = owner;
        }

        @Override
        protected void body() throws Exception {
            RequestHead head = (RequestHead) receive(inbox, WAIT).orElseThrow();
            continueNeeded = head.expectsContinue();
            requestEnded = !head.hasBody();
            BlockingResponse response = new BlockingResponse() {
                @Override
                public void send(ResponseHead responseHead) throws InterruptedException {
                    if (headSent) {
                        throw new IllegalStateException("the response head was already sent");
                    }
                    headSent = !responseHead.isInterim();
                    put(outbox, responseHead);
                }

                @Override
                public void write(byte[] bytes) throws InterruptedException {
                    if (!headSent) {
                        throw new IllegalStateException("send the response head first");
                    }
                    if (bytes.length > 0) {
                        put(outbox, ByteChunk.wrap(bytes));
                    }
                }

                @Override
                public void end(HttpHeaders trailers) throws InterruptedException {
                    if (!ended && headSent) {
                        ended = true;
                        put(outbox, new EndOfResponse(trailers));
                    }
                }
            };
            HandlerScope scope = owner.scope();
            HandlerScope.Opened opened = scope.open();
            try {
                handler.handle(head, new BodyStream(), response);
            } catch (Exception | Error e) {
                owner.requestCodeFailed(e); // inside the scope, as the blocking code was
                throw e;
            } finally {
                opened.close();
            }
            if (!headSent) {
                throw new IllegalStateException("the blocking handler returned without a response");
            }
            response.end(HttpHeaders.EMPTY);
            // Read what is left of the request so the engine sees its end (it drains or closes otherwise).
            while (!requestEnded) {
                Optional<RequestPart> part = receive(inbox, WAIT);
                if (part.isEmpty() || part.get() instanceof EndOfRequest) {
                    requestEnded = true;
                }
            }
        }

        /** The request body as a blocking stream. */
        private final class BodyStream extends InputStream {
            private ByteBuffer current = ByteBuffer.allocate(0);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (!current.hasRemaining()) {
                    if (requestEnded) {
                        return -1;
                    }
                    try {
                        if (continueNeeded) {
                            continueNeeded = false;
                            put(outbox, ResponseHead.status(100).build());
                        }
                        Optional<RequestPart> part = receive(inbox, WAIT);
                        if (part.isEmpty()) {
                            throw new IOException("timed out waiting for the request body");
                        }
                        if (part.get() instanceof ByteChunk chunk) {
                            current = chunk.buffer();
                        } else if (part.get() instanceof EndOfRequest) {
                            requestEnded = true;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading the request body");
                    }
                }
                int n = Math.min(length, current.remaining());
                current.get(target, offset, n);
                return n;
            }
        }
    }
}
