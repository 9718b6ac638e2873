package org.kamaelia.http.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;

/**
 * Runs an {@link HttpHandler} as a handler component: gathers the request body, calls the function, and sends
 * its response; a file body is sent by a {@link FileResponder} child, as fast as the connection takes it.
 */
final class FunctionHandler extends HandlerComponent {
    private static final System.Logger LOG = System.getLogger(FunctionHandler.class.getName());

    private final HttpHandler function;
    private static final byte[] NO_BODY = new byte[0];
    private ByteArrayOutputStream body; // made by the first body chunk: most requests have none
    private RequestHead head;
    private boolean answered;

    FunctionHandler(HttpHandler function) {
        this.function = function;
    }

    @Override
    protected void react() {
        for (RequestPart part; !answered && (part = inbox.poll()) != null; ) {
            if (part instanceof RequestHead h) {
                head = h;
                if (h.expectsContinue()) {
                    outbox.send(ResponseHead.status(100).build());
                }
            } else if (part instanceof ByteChunk chunk) {
                ByteBuffer bytes = chunk.buffer();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                if (body == null) {
                    body = new ByteArrayOutputStream(Math.max(32, copy.length));
                }
                body.write(copy, 0, copy.length);
            } else if (part instanceof EndOfRequest) {
                answered = true;
                answer();
            }
        }
    }

    private void answer() {
        HttpResponse response;
        HandlerScope scope = scope();
        HandlerScope.Opened opened = scope.open();
        try {
            response = function.handle(new HttpRequest(head, body == null ? NO_BODY : body.toByteArray()));
        } catch (Exception e) {
            requestCodeFailed(e); // inside the scope, as the function was
            throw new IllegalStateException("handler failed for " + head.method() + " " + head.path(), e);
        } finally {
            opened.close();
        }
        if (response.file().isPresent()) {
            answerWithFile(response);
            return;
        }
        sendWhole(response.status(), response.headers(), response.body());
    }

    private void sendWhole(int status, HttpHeaders headers, byte[] bytes) {
        outbox.send(ResponseHead.status(status)
                .headers(headers)
                .contentLength(bytes.length)
                .build());
        if (bytes.length > 0) {
            outbox.sendCompleting(ByteChunk.wrap(bytes));
        }
        outbox.sendCompleting(EndOfResponse.INSTANCE);
    }

    /** Hands the body to a {@link FileResponder} child whose outbox passes through this handler's. */
    private void answerWithFile(HttpResponse response) {
        Path path = response.file().get();
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "cannot open " + path + ": " + e.getMessage());
            sendWhole(404, HttpHeaders.of("Content-Type", ErrorPages.CONTENT_TYPE), ErrorPages.page(404, "Not found."));
            return;
        }
        ResponseHead fileHead = ResponseHead.status(response.status())
                .headers(response.headers())
                .contentLength(size)
                .build();
        FileResponder responder =
                addChild(new FileResponder(fileHead, path, List.of(new FileResponder.Region(0, size)), !head.isHead()));
        passThrough(responder.outbox, outbox);
    }
}
