package org.kamaelia.http.protocol;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * How one connection ends, as its request handler sees it: the client's input ending (its half-close), the idle
 * deadline between requests, and the one signal that tells the connection to close, either gracefully once the
 * answer in hand has gone ({@code ProducerFinished}) or at once ({@code ShutdownRequested}, with its reason). A
 * deadline that ends the connection is reported as a timeout of its kind. One per connection, on its loop only.
 */
final class ConnectionEnd {
    private static final System.Logger LOG = System.getLogger(HttpRequestHandler.class.getName());

    private final Outbox<Signal> signal;
    private final ConnectionReports reports;
    private final BooleanSupplier quiet;
    private final MovingDeadline idle;
    private boolean inputEnded;
    private boolean closing;

    /**
     * The end of a connection told through {@code signal}, whose idle deadline is {@code idleLimit} on {@code time};
     * when it passes the connection closes only if still {@code quiet} (no request in hand or waiting).
     */
    ConnectionEnd(
            Outbox<Signal> signal,
            ConnectionReports reports,
            Duration idleLimit,
            LoopTime time,
            BooleanSupplier quiet) {
        this.signal = signal;
        this.reports = reports;
        this.quiet = quiet;
        this.idle = new MovingDeadline(idleLimit, time, this::idleDeadlinePassed);
    }

    /**
     * Takes the signals from upstream: {@code ProducerFinished} (the client sent its last byte) is remembered, a
     * {@code ShutdownRequested} ends the connection at once, a {@code TIMEOUT} from the parser being the head
     * deadline's. Returns whether the connection is to stop now.
     */
    boolean takeSignals(Inbox<Signal> control) {
        for (Signal s; (s = control.poll()) != null; ) {
            if (s instanceof ProducerFinished) {
                inputEnded = true;
            } else if (s instanceof ShutdownRequested shutdown) {
                if (shutdown.reason() == ShutdownRequested.Reason.TIMEOUT) {
                    reports.timeout(TimeoutKind.HEADER);
                }
                closeNow(shutdown.reason());
                return true;
            }
        }
        return false;
    }

    /** Whether the client has half-closed: it can send no further request. */
    boolean inputEnded() {
        return inputEnded;
    }

    /** Whether the connection has been told to close. */
    boolean closing() {
        return closing;
    }

    /**
     * The next part from {@code inbox} while no exchange is in hand, or {@code null}. None is taken once the
     * connection is closing (what waits is dropped). A part taken stops the idle deadline; finding none closes
     * the connection if the client's input has ended, or else starts the idle deadline.
     */
    RequestPart nextRequestPart(Inbox<RequestPart> inbox) {
        if (closing) {
            inbox.clear();
            return null;
        }
        RequestPart part = inbox.poll();
        if (part != null) {
            idle.stop();
        } else if (inputEnded) {
            closeGracefully();
        } else {
            idle.start();
        }
        return part;
    }

    /** Closes the connection once what was sent has gone out; no effect if it is already closing. */
    void closeGracefully() {
        closeGracefully(false);
    }

    /**
     * Closes the connection once what was sent has gone out; {@code clientDone} says the client asked for the close
     * and its request was read to its end, so the connection need not linger for more of its bytes (nginx's
     * heuristic; see TcpConnection).
     */
    void closeGracefully(boolean clientDone) {
        if (!closing) {
            end(clientDone ? ProducerFinished.PEER_FINISHED : ProducerFinished.INSTANCE);
        }
    }

    /** Closes the connection at once, for {@code reason}. */
    void closeNow(ShutdownRequested.Reason reason) {
        end(new ShutdownRequested(reason));
    }

    /**
     * Cuts the connection at once, after a fault that leaves the client nothing else to go by ({@code why}); the
     * exchange in hand, if any ({@code ex}, already parted from its handler), is reported as not answered whole.
     */
    void cut(String why, Exchange ex, ResponseGenerator generator, long now) {
        LOG.log(Level.DEBUG, () -> reports.connection().remote() + ": cutting the connection: " + why);
        if (ex != null) {
            reports.cut(ex, generator, now, ConnectionReports.SERVER_CUT);
        }
        closeNow(ShutdownRequested.Reason.FAILURE);
    }

    /** Calls the idle timer off, for a request handler that ends. */
    void cancel() {
        idle.cancel();
    }

    private void idleDeadlinePassed() {
        if (quiet.getAsBoolean()) {
            reports.timeout(TimeoutKind.IDLE);
            closeNow(ShutdownRequested.Reason.TIMEOUT);
        }
    }

    private void end(Signal how) {
        closing = true;
        idle.stop(); // nothing is left for it to watch
        signal.send(how);
    }
}
