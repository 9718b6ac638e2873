package org.kamaelia.http.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.resource.EventStreamHandler;
import org.kamaelia.http.resource.ServerSentEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API server's handlers, one bean per route in application.yml: each shows one way of answering. */
@Configuration(proxyBeanMethods = false)
public class ApiHandlers {

    /** {@code /hello}: a whole response from a function, so its length is known (Content-Length). */
    @Bean
    HttpHandler hello() {
        return request -> HttpResponse.text(200, "Hello, World!");
    }

    /** {@code /echo}: the request body back, with its Content-Type. */
    @Bean
    HttpHandler echo() {
        return request -> HttpResponse.bytes(
                200, request.header("Content-Type").orElse("application/octet-stream"), request.body());
    }

    /** {@code /whoami}: the client's address, scheme, host, TCP peer and TLS session, as the server sees them. */
    @Bean
    HttpHandler whoami() {
        return new WhoAmI();
    }

    /** {@code /stream?parts=N&size=S}: N parts of S bytes whose total is not announced (chunked, or close on 1.0). */
    @Bean
    RequestHandlerFactory stream() {
        return head ->
                new PartsStream(parameter(head, "parts", 4, 100_000), parameter(head, "size", 1024, 1024 * 1024));
    }

    /** {@code /ticker}: one line a second for ever: declared endless, so the framing is Connection: close. */
    @Bean
    RequestHandlerFactory ticker() {
        return head -> new Ticker();
    }

    /** {@code /events}: server-sent events, resuming from Last-Event-ID. */
    @Bean
    RequestHandlerFactory events() {
        return head -> new Clock();
    }

    private static int parameter(RequestHead head, String name, int fallback, int max) {
        try {
            int value = Integer.parseInt(head.target().queryParameter(name).orElse(Integer.toString(fallback)));
            return Math.max(0, Math.min(value, max));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Sends its parts one reaction at a time, as fast as the client takes them. */
    static final class PartsStream extends HandlerComponent {
        private final int parts;
        private final byte[] part;
        private int sent = -1;

        PartsStream(int parts, int size) {
            this.parts = parts;
            this.part = new byte[size];
            java.util.Arrays.fill(part, (byte) 'x');
        }

        @Override
        protected void react() {
            inbox.clear();
            if (sent < 0) {
                outbox.send(ResponseHead.status(200)
                        .header("Content-Type", "application/octet-stream")
                        .build());
                sent = 0;
                wake(); // parts follow in later reactions: the length is not known up front
                return;
            }
            while (sent < parts && outbox.hasRoom()) {
                outbox.send(ByteChunk.wrap(part));
                sent++;
            }
            if (sent == parts) {
                outbox.sendCompleting(EndOfResponse.INSTANCE);
                sent++;
            }
        }
    }

    /** A line a second, for ever. */
    static final class Ticker extends HandlerComponent {
        private long n;

        @Override
        protected void react() {
            for (RequestPart part; (part = inbox.poll()) != null; ) {
                if (part instanceof RequestHead) {
                    outbox.send(ResponseHead.status(200)
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .endless()
                            .build());
                    tick();
                }
            }
        }

        private void tick() {
            if (outbox.hasRoom()) {
                outbox.send(ByteChunk.utf8("tick " + n++ + " " + Instant.now() + "\n"));
            }
            runAfter(Duration.ofSeconds(1), this::tick);
        }
    }

    /** The time, as an event a second, numbered so a client can resume. */
    static final class Clock extends EventStreamHandler {
        private long next;

        Clock() {
            super(Duration.ofSeconds(15));
        }

        @Override
        protected void opened(Optional<String> lastEventId) {
            next = lastEventId.flatMap(Clock::number).map(n -> n + 1).orElse(0L);
            tick();
        }

        private static Optional<Long> number(String id) {
            try {
                return Optional.of(Long.parseLong(id));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private void tick() {
            send(ServerSentEvent.of(Instant.now().toString())
                    .withId(Long.toString(next++))
                    .withEvent("time"));
            runAfter(Duration.ofSeconds(1), this::tick);
        }
    }
}
