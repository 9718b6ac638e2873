package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kamaelia.http.proxy.ProxyHeaders.join;
import static org.kamaelia.http.proxy.ProxyHeaders.v1;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.protocol.HttpParser;

/**
 * The forwarding component behind a real parser on an event loop driven by the test: heads from trusted peers are
 * rewritten, everything else passes as it came, at the pace of the handler.
 */
class ForwardedHeadersTest {
    private static final InetSocketAddress LOCAL = address("192.0.2.1", 8080);
    private static final InetSocketAddress PROXY = address("10.0.0.2", 40000);
    private static final InetSocketAddress STRANGER = address("198.51.100.50", 40000);

    private final ComponentHarness harness = new ComponentHarness();

    private static InetSocketAddress address(String literal, int port) {
        return new InetSocketAddress(AddressLiterals.address(AddressLiterals.either(literal)), port);
    }

    /** A parser for a connection from {@code peer}, the forwarding component behind it, and a handler's inbox. */
    private final class Chain {
        final HttpParser parser;
        final ForwardedHeaders forwarded = new ForwardedHeaders(TrustedProxies.defaults());
        final ComponentHarness.Collector<RequestPart> handler;
        final ComponentHarness.Collector<Signal> handlerControl;
        final ComponentHarness.Sender<ByteChunk> connection;
        final ComponentHarness.Sender<Signal> connectionEvents;

        Chain(InetSocketAddress peer, int handlerCapacity) {
            parser = new HttpParser(
                    DecoderLimits.defaults(),
                    HttpTimeouts.defaults().withHeader(Duration.ofSeconds(10)).withBody(Duration.ofSeconds(30)),
                    MinimumDataRate.NONE,
                    ClientOrigin.of(peer, LOCAL, "http"));
            Component.link(parser.outbox, forwarded.inbox);
            Component.link(parser.signal, forwarded.control);
            handler = harness.collect(forwarded.outbox, handlerCapacity);
            handlerControl = harness.collect(forwarded.signal);
            harness.start(forwarded);
            harness.start(parser);
            connection = harness.senderTo(parser.inbox);
            connectionEvents = harness.senderTo(parser.control);
        }

        void read(String text) {
            connection.outbox.send(ByteChunk.ascii(text));
            harness.runUntilIdle();
        }

        RequestHead onlyHead() {
            List<RequestPart> parts = handler.drain();
            assertThat(parts).hasSize(2).last().isInstanceOf(EndOfRequest.class);
            return (RequestHead) parts.get(0);
        }
    }

    @Test
    void aTrustedProxysFieldsBecomeTheClientTheSchemeThePortAndTheHost() {
        Chain chain = new Chain(PROXY, 100);
        chain.read("GET / HTTP/1.1\r\nHost: backend:8080\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9, 10.0.0.3\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n\r\n");

        RequestHead head = chain.onlyHead();
        ClientOrigin origin = head.origin();
        assertThat(origin.remote()).isEqualTo(address("203.0.113.9", 0));
        assertThat(origin.peer()).isEqualTo(PROXY);
        assertThat(origin.scheme()).isEqualTo("https");
        assertThat(origin.secure()).isTrue();
        assertThat(origin.local()).isEqualTo(address("192.0.2.1", 443));
        assertThat(head.authority()).isEqualTo("shop.example");
        assertThat(head.headers().first("X-Forwarded-For")).isPresent(); // the fields stay for those who want them
    }

    @Test
    void aStrangersFieldsAreIgnored() {
        Chain chain = new Chain(STRANGER, 100);
        chain.read("GET / HTTP/1.1\r\nHost: backend:8080\r\nX-Forwarded-For: 203.0.113.9\r\n"
                + "Forwarded: for=203.0.113.9;proto=https;host=evil.example\r\n\r\n");

        RequestHead head = chain.onlyHead();
        assertThat(head.origin()).isEqualTo(ClientOrigin.of(STRANGER, LOCAL, "http"));
        assertThat(head.authority()).isEqualTo("backend:8080");
    }

    @Test
    void forwardedWinsOverTheXForwardedFields() {
        Chain chain = new Chain(PROXY, 100);
        chain.read("GET / HTTP/1.1\r\nHost: backend\r\nX-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: http\r\n"
                + "Forwarded: for=\"[2001:db8::9]:4711\";proto=https;host=\"shop.example:8443\"\r\n\r\n");

        RequestHead head = chain.onlyHead();
        assertThat(head.origin().remote()).isEqualTo(address("2001:db8::9", 4711));
        assertThat(head.origin().scheme()).isEqualTo("https");
        assertThat(head.origin().local().getPort()).isEqualTo(8443);
        assertThat(head.authority()).isEqualTo("shop.example:8443");
    }

    @Test
    void malformedFieldsAreIgnoredAndTheRequestStillGoesThrough() {
        Chain chain = new Chain(PROXY, 100);
        chain.read("POST /form HTTP/1.1\r\nHost: backend\r\nForwarded: for=[2001:db8::1]\r\n"
                + "X-Forwarded-For: not-an-address\r\nContent-Length: 5\r\n\r\nhello");

        List<RequestPart> parts = chain.handler.drain();
        assertThat(parts).hasSize(3);
        RequestHead head = (RequestHead) parts.get(0);
        assertThat(head.origin()).isEqualTo(ClientOrigin.of(PROXY, LOCAL, "http"));
        assertThat(head.authority()).isEqualTo("backend");
        assertThat(((ByteChunk) parts.get(1)).utf8()).isEqualTo("hello");
        assertThat(parts.get(2)).isInstanceOf(EndOfRequest.class);
    }

    @Test
    void everyPipelinedHeadIsJudgedOnItsOwnFields() {
        Chain chain = new Chain(PROXY, 100);
        chain.read("GET /a HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.1\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: h\r\nForwarded: for=203.0.113.3;proto=https\r\n\r\n");

        List<RequestHead> heads = new ArrayList<>();
        for (RequestPart part : chain.handler.drain()) {
            if (part instanceof RequestHead head) {
                heads.add(head);
            }
        }
        assertThat(heads).extracting(RequestHead::path).containsExactly("/a", "/b", "/c");
        assertThat(heads)
                .extracting(h -> h.origin().remote())
                .containsExactly(address("203.0.113.1", 0), PROXY, address("203.0.113.3", 0));
        assertThat(heads).extracting(h -> h.origin().scheme()).containsExactly("http", "http", "https");
    }

    @Test
    void aSlowHandlerHoldsThePartsBackInOrderAndTheEndComesLast() {
        Chain chain = new Chain(PROXY, 1);
        StringBuilder requests = new StringBuilder();
        int count = 30;
        for (int i = 0; i < count; i++) {
            requests.append("GET /")
                    .append(i)
                    .append(" HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.")
                    .append(i)
                    .append("\r\n\r\n");
        }
        chain.read(requests.toString());
        chain.connectionEvents.outbox.send(ProducerFinished.INSTANCE);
        harness.runUntilIdle();

        List<RequestPart> received = new ArrayList<>();
        for (int round = 0; received.size() < 2 * count; round++) {
            assertThat(round).as("rounds").isLessThan(1000);
            assertThat(chain.handler.inbox.size()).isLessThanOrEqualTo(1);
            assertThat(chain.forwarded.inbox.size()).isLessThanOrEqualTo(16);
            if (received.size() < 2 * count - 1) {
                assertThat(chain.handlerControl.drain())
                        .as("the end before part %d", received.size())
                        .isEmpty();
            }
            received.addAll(chain.handler.take(1));
            harness.runUntilIdle();
        }
        for (int i = 0; i < count; i++) {
            RequestHead head = (RequestHead) received.get(2 * i);
            assertThat(head.path()).isEqualTo("/" + i);
            assertThat(head.origin().remote()).isEqualTo(address("203.0.113." + i, 0));
            assertThat(received.get(2 * i + 1)).isInstanceOf(EndOfRequest.class);
        }
        assertThat(chain.handlerControl.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @Test
    void aShutdownPassesAtOnceAndEndsTheComponent() {
        Chain chain = new Chain(PROXY, 100);
        ComponentHarness.Sender<Signal> parserSide = harness.senderTo(chain.forwarded.control);
        parserSide.outbox.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        harness.runUntilIdle();

        assertThat(chain.handlerControl.drain())
                .containsExactly(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        assertThat(chain.forwarded.state()).isEqualTo(ComponentState.FINISHED);
    }

    @Test
    void theProxyProtocolAddressesReachTheHeadThroughTheParsersFacts() {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder();
        Chain chain = new Chain(PROXY, 100);
        Component.link(decoder.outbox, chain.parser.inbox);
        Component.link(decoder.facts, chain.parser.facts);
        harness.start(decoder);
        ComponentHarness.Sender<ByteChunk> socket = harness.senderTo(decoder.inbox);
        socket.outbox.send(ByteChunk.wrap(
                join(v1("PROXY TCP4 203.0.113.7 192.0.2.99 56324 443\r\n"), v1("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))));
        harness.runUntilIdle();

        ClientOrigin origin = chain.onlyHead().origin();
        assertThat(origin.remote()).isEqualTo(address("203.0.113.7", 56324));
        assertThat(origin.local()).isEqualTo(address("192.0.2.99", 443));
        assertThat(origin.peer()).isEqualTo(PROXY);
    }
}
