package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.ServerStatistics;

/** A server counts what it does once, in its own statistics, whatever other observers it has. */
@Timeout(30)
class ServerStatisticsIT {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    private static HttpServer.Builder builder() {
        return HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .route("/hello", Handlers.function(request -> HttpResponse.text(200, "Hello, World!")));
    }

    private static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void countsRequestsConnectionsAndParseErrorsFromTheWire() throws Exception {
        server = builder().start();
        ServerStatistics statistics = server.statistics();

        String answers = exchange(
                server.port(),
                "GET /hello HTTP/1.1\r\nHost: h\r\n\r\nGET /nope HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(answers).startsWith("HTTP/1.1 200 ").contains("HTTP/1.1 404 ");
        assertThat(exchange(server.port(), "NOT HTTP\r\n\r\n")).startsWith("HTTP/1.1 400 ");

        Conditions.await("both connections closed", () -> statistics.connectionsClosed() == 2);
        assertThat(statistics.connectionsOpened()).isEqualTo(2);
        assertThat(statistics.activeConnections()).isZero();
        assertThat(statistics.connectionsClosed(CloseReason.SERVER) + statistics.connectionsClosed(CloseReason.CLIENT))
                .isEqualTo(2);
        // the refused request is answered, so it is a request too (status 400) as well as a parse error
        assertThat(statistics.requests()).isEqualTo(3);
        assertThat(statistics.responses(Framing.CONTENT_LENGTH, true)).isEqualTo(3);
        assertThat(statistics.requestClasses())
                .extracting(c -> c.status() + " " + c.framing().tag() + " " + c.count())
                .containsExactly("200 content-length 1", "404 content-length 1", "400 content-length 1");
        assertThat(statistics.requestClasses().get(0).method()).isEqualTo("GET");
        assertThat(statistics.parseErrorClasses()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(400);
            assertThat(c.count()).isEqualTo(1);
        });
        assertThat(statistics.bytesReceived()).isPositive();
        assertThat(statistics.bytesSent()).isGreaterThan(answers.length());
    }

    @Test
    void countsBeforeTellingTheOtherObserversAndIntoStatisticsHandedIn() throws Exception {
        ServerStatistics shared = new ServerStatistics();
        long[] countedBeforeObserverWasTold = {-1};
        HttpObserver observer = new HttpObserver() {
            @Override
            public void requestCompleted(RequestLog request) {
                countedBeforeObserverWasTold[0] = shared.requests();
            }
        };
        server = builder().statistics(shared).observer(observer).start();
        assertThat(server.statistics()).isSameAs(shared);

        exchange(server.port(), "GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        Conditions.await("the request counted", () -> shared.requests() == 1);
        Conditions.await("the observer told", () -> countedBeforeObserverWasTold[0] >= 0);
        assertThat(countedBeforeObserverWasTold[0]).isEqualTo(1);
    }
}
