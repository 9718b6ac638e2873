package org.kamaelia.http.protocol;

import java.util.ArrayList;
import java.util.List;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.TimeoutKind;

/** Writes down what an observer is told, in order, one line per call. */
final class RecordingObserver implements HttpObserver {
    final List<String> calls = new ArrayList<>();
    final List<RequestLog> completed = new ArrayList<>();

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        calls.add("started " + method + " " + route);
    }

    @Override
    public void requestCompleted(RequestLog request) {
        completed.add(request);
        calls.add("completed " + request.status() + (request.completed() ? "" : " cut"));
    }

    @Override
    public void parseError(ConnectionInfo connection, BadRequest error) {
        calls.add("parse error " + error.status());
    }

    @Override
    public void timeout(ConnectionInfo connection, TimeoutKind kind) {
        calls.add("timeout " + kind.tag());
    }
}
