package org.kamaelia.http.observe;

import java.time.Duration;
import java.util.List;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.tls.TlsOutcome;

/** Tells several observers the same events, in order. */
final class CompositeHttpObserver implements HttpObserver {
    private final HttpObserver[] observers;

    CompositeHttpObserver(List<HttpObserver> observers) {
        this.observers = observers.toArray(new HttpObserver[0]);
    }

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        for (HttpObserver o : observers) {
            o.connectionOpened(connection);
        }
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        for (HttpObserver o : observers) {
            o.connectionClosed(connection, reason, bytesIn, bytesOut);
        }
    }

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        for (HttpObserver o : observers) {
            o.requestStarted(connection, method, route);
        }
    }

    @Override
    public void requestStarted(ConnectionInfo connection, RequestHead head, String route) {
        for (HttpObserver o : observers) {
            o.requestStarted(connection, head, route);
        }
    }

    @Override
    public void requestCompleted(RequestLog request) {
        for (HttpObserver o : observers) {
            o.requestCompleted(request);
        }
    }

    @Override
    public void parseError(ConnectionInfo connection, BadRequest error) {
        for (HttpObserver o : observers) {
            o.parseError(connection, error);
        }
    }

    @Override
    public void backpressurePaused(ConnectionInfo connection) {
        for (HttpObserver o : observers) {
            o.backpressurePaused(connection);
        }
    }

    @Override
    public void backpressureResumed(ConnectionInfo connection, long pausedNanos) {
        for (HttpObserver o : observers) {
            o.backpressureResumed(connection, pausedNanos);
        }
    }

    @Override
    public void timeout(ConnectionInfo connection, TimeoutKind kind) {
        for (HttpObserver o : observers) {
            o.timeout(connection, kind);
        }
    }

    @Override
    public void acceptProblem(AcceptProblem problem) {
        for (HttpObserver o : observers) {
            o.acceptProblem(problem);
        }
    }

    @Override
    public void tlsHandshakeCompleted(ConnectionInfo connection, TlsSessionInfo session, Duration took) {
        for (HttpObserver o : observers) {
            o.tlsHandshakeCompleted(connection, session, took);
        }
    }

    @Override
    public void tlsEnded(ConnectionInfo connection, TlsOutcome outcome) {
        for (HttpObserver o : observers) {
            o.tlsEnded(connection, outcome);
        }
    }

    @Override
    public void proxyHeaderRejected(ConnectionInfo connection, ProxyProtocolRejection reason) {
        for (HttpObserver o : observers) {
            o.proxyHeaderRejected(connection, reason);
        }
    }
}
