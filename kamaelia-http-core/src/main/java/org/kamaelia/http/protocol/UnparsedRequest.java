package org.kamaelia.http.protocol;

import java.util.Optional;
import java.util.OptionalLong;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;

/**
 * A request whose head could not be parsed: it is answered with the parser's status and reason, then its
 * connection closes, since the bytes that follow cannot be framed. A head that took too long closes the
 * connection as a timeout, so that the close is recorded for the deadline rather than as the server's.
 */
final class UnparsedRequest {
    /** The head that stands for a request whose own head could not be parsed. */
    static final RequestHead HEAD = new RequestHead(
            "UNKNOWN",
            new RequestTarget("/", RequestTarget.Form.ORIGIN, "", "/", "/", Optional.empty()),
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Connection", "close"),
            "",
            RequestHead.BodyFraming.NONE,
            OptionalLong.empty());

    private UnparsedRequest() {}

    /**
     * Reports {@code bad}, from {@code origin}, and answers it through {@code relay}; a 408 also closes the connection at once, for the
     * head deadline. Returns the exchange that answered, done, and closing its connection when it completes.
     */
    static Exchange answer(
            BadRequest bad,
            ClientOrigin origin,
            ResponseRelay relay,
            ConnectionReports reports,
            ConnectionEnd end,
            long now) {
        reports.badRequest(bad, false);
        Exchange ex = new Exchange(HEAD.withOrigin(origin), now, ExchangePhase.RESPONDING);
        ex.mustClose = true;
        relay.begin(ex);
        relay.respondWithError(bad.status(), bad.reason());
        if (timedOut(bad)) {
            // Closed for the deadline (its reason recorded), not gracefully after the answer.
            end.closeNow(ShutdownRequested.Reason.TIMEOUT);
        }
        return ex;
    }

    /**
     * Whether the answer to {@code bad} closes the connection at once, as the head deadline's timeout, rather than
     * gracefully once it has gone ({@code 408}).
     */
    static boolean timedOut(BadRequest bad) {
        return bad.status() == 408;
    }
}
