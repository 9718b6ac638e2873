package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.TimeoutKind;

class ConnectionReportsTest {
    private final RecordingObserver observer = new RecordingObserver();
    private final ConnectionReports reports =
            new ConnectionReports(observer, new ConnectionInfo(7, null, null, Instant.EPOCH));
    private final ResponseGenerator generator =
            new ResponseGenerator(new ResponseEncoder(DateCache.system(), Optional.empty()), chunk -> {});

    private Exchange exchange() {
        Exchange ex = new Exchange(KeepAlivePolicyTest.V11_FOR_TESTS, 1_000, ExchangePhase.RELAYING);
        ex.route = "/api";
        generator.reset(ex.head);
        return ex;
    }

    @Test
    void reportsAStartOnceHoweverOftenItIsAskedAndBeforeTheCompletion() {
        Exchange ex = exchange();
        reports.started(ex);
        reports.started(ex);
        generator.head(ResponseHead.status(204).build(), 0, true, null);
        generator.end(HttpHeaders.EMPTY);
        ex.bytesIn = 3;
        reports.completed(ex, generator, 5_000);
        assertThat(observer.calls).containsExactly("started GET /api", "completed 204");
        assertThat(observer.completed.get(0).route()).isEqualTo("/api");
        assertThat(observer.completed.get(0).bytesIn()).isEqualTo(3);
        assertThat(observer.completed.get(0).durationNanos()).isEqualTo(4_000);
    }

    @Test
    void aCompletionNeverReportedStartedReportsTheStartFirst() {
        Exchange ex = exchange();
        reports.cut(ex, generator, 2_000, ConnectionReports.CLIENT_GONE);
        assertThat(observer.calls).containsExactly("started GET /api", "completed 499 cut");
    }

    @Test
    void aCutAfterTheHeadReportsTheStatusTheClientSawAndItsFraming() {
        Exchange ex = exchange();
        generator.head(ResponseHead.status(200).contentLength(10).build(), 10, true, null);
        generator.body(ByteChunk.utf8("abc"));
        reports.cut(ex, generator, 2_000, ConnectionReports.SERVER_CUT);
        assertThat(observer.calls).containsExactly("started GET /api", "completed 200 cut");
        assertThat(observer.completed.get(0).framing()).isEqualTo(Framing.CONTENT_LENGTH);
    }

    @Test
    void aBadRequestIsAParseErrorAndA408AlsoATimeoutOfTheDeadlineBehindIt() {
        reports.badRequest(new BadRequest(400, "bad"), false);
        reports.badRequest(BadRequest.HEAD_TIMEOUT, false);
        reports.badRequest(BadRequest.BODY_TIMEOUT, true);
        reports.badRequest(BadRequest.BODY_TOO_SLOW, true);
        reports.badRequest(new BadRequest(413, "too large"), true);
        assertThat(observer.calls)
                .containsExactly(
                        "parse error 400",
                        "parse error 408",
                        "timeout header",
                        "parse error 408",
                        "timeout body",
                        "parse error 408",
                        "timeout body-rate",
                        "parse error 413");
    }

    @Test
    void namesTheTimeoutKindOfEach408() {
        assertThat(ConnectionReports.timeoutKind(BadRequest.HEAD_TIMEOUT, false))
                .isEqualTo(TimeoutKind.HEADER);
        assertThat(ConnectionReports.timeoutKind(BadRequest.BODY_TIMEOUT, true)).isEqualTo(TimeoutKind.BODY);
        assertThat(ConnectionReports.timeoutKind(BadRequest.BODY_TOO_SLOW, true))
                .isEqualTo(TimeoutKind.BODY_RATE);
    }
}
