package org.kamaelia.http.observe.access;

import java.util.Optional;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.net.ConnectionInfo;

/**
 * Finds the trace id of a request, for the {@code trace_id} field of its access-log line: the hook through which
 * tracing (in the Spring Boot starter, say) fills it. Without one the field is {@code -} (or {@code null} in JSON).
 *
 * <pre>{@code
 * AccessLog.json().withTraceIds((connection, head) -> head.headers().first("X-Request-Id"));
 * }</pre>
 *
 * <p>Called once per request on its connection's event loop, as the request's handler has been chosen and after
 * the server's other observers were told the request started (so an observer that opens a span has opened it):
 * it must be thread-safe, cheap and must not block. It is not called for bytes that were not a request.
 */
@FunctionalInterface
public interface AccessLogTraceIds {
    /** No trace ids. */
    AccessLogTraceIds NONE = (connection, head) -> Optional.empty();

    /** The trace id of the request whose head is {@code head}, arriving on {@code connection}, if it has one. */
    Optional<String> traceId(ConnectionInfo connection, RequestHead head);
}
