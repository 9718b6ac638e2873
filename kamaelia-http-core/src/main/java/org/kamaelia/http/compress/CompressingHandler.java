package org.kamaelia.http.compress;

import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.handler.HandlerComponent;

/**
 * The handler of one request with a compressor on its response path: a composite whose boxes pass through to
 * its two children, so the compressor shows in the component graph and the connection sees one handler.
 *
 * <pre>
 *   inbox   ==> handler.inbox
 *   control ==> handler.control
 *               handler.outbox --ResponsePart--> compressor.inbox
 *               handler.signal --> compressor.control
 *                                  compressor.outbox ==> outbox
 *                                  compressor.signal ==> signal
 * </pre>
 *
 * <p>It ends when its handler has ended and the compressor has passed on everything the handler sent, so a
 * handler that finishes itself right after its last part (a threaded handler does) loses nothing; when the
 * connection finishes it, both children end with it and the compressor's deflater is released.
 */
final class CompressingHandler extends HandlerComponent {
    private final HandlerComponent handler;
    private final ResponseCompressor compressor;

    CompressingHandler(HandlerComponent handler, ResponseCompressor compressor) {
        this.handler = handler;
        this.compressor = compressor;
        // The compressor first: it is running when the handler's onStart sends its first parts.
        addChild(compressor);
        addChild(handler);
        // data
        passThrough(inbox, handler.inbox);
        link(handler.outbox, compressor.inbox);
        passThrough(compressor.outbox, outbox);
        // control
        passThrough(control, handler.control);
        link(handler.signal, compressor.control);
        passThrough(compressor.signal, signal);
    }

    @Override
    protected void react() {
        if (handler.state() == ComponentState.FINISHED && compressor.inbox.isEmpty() && compressor.control.isEmpty()) {
            finish();
        }
    }

    @Override
    public Throwable requestFailure() {
        Throwable inner = handler.requestFailure();
        return inner != null ? inner : super.requestFailure();
    }

    @Override
    public String name() {
        return "CompressingHandler#" + id() + "(" + handler.name() + ")";
    }
}
