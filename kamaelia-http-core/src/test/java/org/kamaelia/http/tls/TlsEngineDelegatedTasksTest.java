package org.kamaelia.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.Conditions;

/**
 * Where the engine's delegated tasks run: by default on the loop, within the step that needs them; on another
 * executor's thread when one is given, the handshake then resuming on the loop.
 */
class TlsEngineDelegatedTasksTest {
    @Test
    void byDefaultTheTasksRunOnTheLoopWithinTheStepThatNeedsThem() throws SSLException {
        TlsSettings settings =
                TlsSettings.builder(TestPki.INSTANCE.serverContext()).build();
        assertThat(settings.delegatedTasks()).isSameAs(TlsSettings.ON_THE_LOOP);
        TlsFixture fixture = new TlsFixture(settings);
        TlsPeer peer = new TlsPeer(TestPki.INSTANCE.clientContext(false), "TLSv1.3", "www.example.test");

        // The loop is the test thread and nothing else runs: each flight is answered before receive() returns.
        for (int round = 0; round < 20 && fixture.tls.session().isEmpty(); round++) {
            fixture.receive(peer.produce());
            peer.consume(fixture.records.drain());
        }

        assertThat(fixture.tls.session())
                .as("the handshake completed without waiting for another thread")
                .isPresent();
        assertThat(peer.handshakeDone()).isTrue();
        byte[] hello = {'h', 'i'};
        assertThat(fixture.clientSends(peer, hello)).isEqualTo(hello);
    }

    @Test
    void runsDelegatedTasksOffTheLoopAndResumesOnIt() throws SSLException, InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-tls-tasks"));
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger batchesDone = new AtomicInteger();
        Set<String> taskThreads = ConcurrentHashMap.newKeySet();
        try {
            TlsSettings settings = TlsFixture.settings()
                    .delegatedTasks(batch -> {
                        batches.incrementAndGet();
                        pool.execute(() -> {
                            taskThreads.add(Thread.currentThread().getName());
                            batch.run(); // which hands the result back to the loop before it returns
                            batchesDone.incrementAndGet();
                        });
                    })
                    .build();
            TlsFixture fixture = new TlsFixture(settings);
            TlsPeer peer = new TlsPeer(TestPki.INSTANCE.clientContext(false), "TLSv1.3", "www.example.test");

            for (int round = 0; round < 20 && fixture.tls.session().isEmpty(); round++) {
                fixture.receive(peer.produce());
                // The loop is the test thread: run it each time a batch of tasks is back, until no batch is out.
                while (batchesDone.get() != batches.get()) {
                    Conditions.await("the delegated tasks", () -> batchesDone.get() == batches.get());
                    fixture.harness.runUntilIdle();
                }
                peer.consume(fixture.records.drain());
            }

            assertThat(fixture.tls.session()).isPresent();
            assertThat(peer.handshakeDone()).isTrue();
            assertThat(batches.get()).isPositive();
            assertThat(taskThreads).containsExactly("test-tls-tasks");
            byte[] hello = {'h', 'i'};
            assertThat(fixture.clientSends(peer, hello)).isEqualTo(hello);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
