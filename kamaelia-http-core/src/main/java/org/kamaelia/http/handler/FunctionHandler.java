package org.kamaelia.http.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.kamaelia.http.http.BodyChunk;
import org.kamaelia.http.http.EndOfRequest;
import org.kamaelia.http.http.EndOfResponse;
import org.kamaelia.http.http.HttpHeaders;
import org.kamaelia.http.http.RequestHead;
import org.kamaelia.http.http.RequestPart;
import org.kamaelia.http.http.ResponseHead;

/**
 * Runs an {@link HttpHandler} as a handler component: gathers the request body, calls the function, and sends
 * its response (a file in 64 KiB parts, as fast as the connection takes them).
 */
final class FunctionHandler extends HandlerComponent {
    private static final System.Logger LOG = System.getLogger(FunctionHandler.class.getName());
    private static final int FILE_PART = 64 * 1024;

    private final HttpHandler function;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private RequestHead head;
    private FileChannel file;
    private long fileRemaining;
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
            } else if (part instanceof BodyChunk chunk) {
                ByteBuffer bytes = chunk.bytes();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                body.write(copy, 0, copy.length);
            } else if (part instanceof EndOfRequest) {
                answered = true;
                answer();
            }
        }
        if (file != null) {
            streamFile();
        }
    }

    private void answer() {
        HttpResponse response;
        try {
            response = function.handle(new HttpRequest(head, body.toByteArray()));
        } catch (Exception e) {
            throw new IllegalStateException("handler failed for " + head.method() + " " + head.path(), e);
        }
        if (response.file().isPresent()) {
            try {
                file = FileChannel.open(response.file().get(), StandardOpenOption.READ);
                fileRemaining = file.size();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "cannot open " + response.file().get() + ": " + e.getMessage());
                sendWhole(
                        404,
                        HttpHeaders.of("Content-Type", ErrorPages.CONTENT_TYPE),
                        ErrorPages.page(404, "Not found."));
                return;
            }
            outbox.send(ResponseHead.status(response.status())
                    .headers(response.headers())
                    .contentLength(fileRemaining)
                    .build());
            streamFile();
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
            outbox.sendCompleting(BodyChunk.wrap(bytes));
        }
        outbox.sendCompleting(EndOfResponse.INSTANCE);
    }

    private void streamFile() {
        try {
            while (fileRemaining > 0 && outbox.hasRoom()) {
                ByteBuffer part = ByteBuffer.allocate((int) Math.min(FILE_PART, fileRemaining));
                while (part.hasRemaining()) {
                    if (file.read(part) < 0) {
                        throw new IOException("file shrank while being sent");
                    }
                }
                part.flip();
                fileRemaining -= part.remaining();
                outbox.send(BodyChunk.wrap(part));
            }
            if (fileRemaining == 0) {
                closeFile();
                outbox.sendCompleting(EndOfResponse.INSTANCE);
            }
        } catch (IOException e) {
            closeFile();
            throw new IllegalStateException("reading the response file failed", e);
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a response file", e);
            }
            file = null;
        }
    }

    @Override
    protected void onFinish() {
        closeFile();
    }
}
