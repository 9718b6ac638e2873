package org.kamaelia.http.resource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One event of a {@code text/event-stream} (the HTML Living Standard's server-sent events).
 *
 * @param id the event id, which the client sends back as {@code Last-Event-ID} when it reconnects
 * @param event the event type (the client's {@code message} when empty)
 * @param data the data; several lines become several {@code data:} fields
 * @param retry the reconnection delay the client should use
 */
public record ServerSentEvent(Optional<String> id, Optional<String> event, String data, Optional<Duration> retry) {

    /** Validates: id and event must be single lines, and an id must not contain NUL. */
    public ServerSentEvent {
        id.ifPresent(v -> requireSingleLine("id", v));
        event.ifPresent(v -> requireSingleLine("event", v));
        if (id.isPresent() && id.get().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an event id must not contain NUL");
        }
    }

    /** An unnamed event carrying {@code data}. */
    public static ServerSentEvent of(String data) {
        return new ServerSentEvent(Optional.empty(), Optional.empty(), data, Optional.empty());
    }

    /** A copy with an id. */
    public ServerSentEvent withId(String value) {
        return new ServerSentEvent(Optional.of(value), event, data, retry);
    }

    /** A copy with an event type. */
    public ServerSentEvent withEvent(String value) {
        return new ServerSentEvent(id, Optional.of(value), data, retry);
    }

    /** A copy with a reconnection delay. */
    public ServerSentEvent withRetry(Duration value) {
        return new ServerSentEvent(id, event, data, Optional.of(value));
    }

    /** The event on the wire, ending with the blank line that dispatches it. */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(data.length() + 32);
        id.ifPresent(v -> out.append("id: ").append(v).append('\n'));
        event.ifPresent(v -> out.append("event: ").append(v).append('\n'));
        retry.ifPresent(v -> out.append("retry: ").append(v.toMillis()).append('\n'));
        for (String line : data.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment line, which clients ignore: used as a keep-alive. */
    public static byte[] comment(String text) {
        requireSingleLine("comment", text);
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void requireSingleLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event " + what + " must be one line");
        }
    }
}
