package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit on its own, with a writer that records its transactions: concurrent items share transactions,
 * each caller returns only after its item's transaction, a bad item fails alone, an unreachable database fails all.
 */
class GroupCommitTest {

    private final List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
    private final List<List<String>> attempted = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService callers = Executors.newFixedThreadPool(20);
    private GroupCommit<String> commits;

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        if (commits != null) {
            commits.close();
        }
    }

    /** A writer whose first transaction waits for the gate, so the other items queue up behind it meanwhile. */
    private GroupCommit.Writer<String> writer(CountDownLatch gate, SQLException failure, String failingItem) {
        return batch -> {
            attempted.add(batch);
            if (attempted.size() == 1 && !gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            if (failingItem == null || batch.contains(failingItem)) {
                if (failure != null) {
                    throw failure;
                }
            }
            committed.add(batch);
        };
    }

    /** A snapshot: the writer thread may be adding a batch meanwhile (a synchronized list's stream is not locked). */
    private List<String> committedItems() {
        synchronized (committed) {
            return committed.stream().flatMap(List::stream).toList();
        }
    }

    private Map<String, Future<Throwable>> submitAll(List<String> items) {
        Map<String, Future<Throwable>> outcomes = new ConcurrentHashMap<>();
        for (String item : items) {
            outcomes.put(item, callers.submit(() -> {
                try {
                    commits.commit(item);
                    assertThat(committedItems()).as("committed before return").contains(item);
                    return null;
                } catch (GroupCommit.NotCommittedException e) {
                    return e.getCause();
                }
            }));
        }
        return outcomes;
    }

    private static List<String> items(int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add("job-" + i);
        }
        return items;
    }

    private void awaitQueued(int attempts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempted.size() < attempts && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void concurrentItemsShareTransactionsAndEachIsWrittenOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        commits = new GroupCommit<>("test-commit", 100, writer(gate, null, null), JobIntake::databaseUnreachable);
        Map<String, Future<Throwable>> outcomes = submitAll(items(20));
        awaitQueued(1);
        Thread.sleep(200); // let the others queue behind the first transaction
        gate.countDown();
        for (Future<Throwable> outcome : outcomes.values()) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(committedItems()).containsExactlyInAnyOrderElementsOf(items(20));
        assertThat(committed.size()).as("transactions for 20 items").isLessThanOrEqualTo(3);
    }

    @Test
    void batchesAreCappedAtTheConfiguredSize() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        commits = new GroupCommit<>("test-commit", 4, writer(gate, null, null), JobIntake::databaseUnreachable);
        Map<String, Future<Throwable>> outcomes = submitAll(items(20));
        awaitQueued(1);
        Thread.sleep(200);
        gate.countDown();
        for (Future<Throwable> outcome : outcomes.values()) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(committed).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
        assertThat(committedItems()).containsExactlyInAnyOrderElementsOf(items(20));
    }

    @Test
    void anItemTheDatabaseRefusesFailsAloneAndTheOthersCommit() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        SQLException refused = new SQLException("new row violates check constraint", "23514");
        commits = new GroupCommit<>("test-commit", 100, writer(gate, refused, "job-7"), JobIntake::databaseUnreachable);
        Map<String, Future<Throwable>> outcomes = submitAll(items(20));
        awaitQueued(1);
        Thread.sleep(200);
        gate.countDown();
        for (Map.Entry<String, Future<Throwable>> outcome : outcomes.entrySet()) {
            if (outcome.getKey().equals("job-7")) {
                assertThat(outcome.getValue().get(10, TimeUnit.SECONDS)).isSameAs(refused);
            } else {
                assertThat(outcome.getValue().get(10, TimeUnit.SECONDS)).as(outcome.getKey()).isNull();
            }
        }
        List<String> expected = new ArrayList<>(items(20));
        expected.remove("job-7");
        assertThat(committedItems()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anUnreachableDatabaseFailsTheWholeBatchWithoutRetries() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        SQLException down = new SQLException("connection refused", "08001");
        commits = new GroupCommit<>("test-commit", 100, writer(gate, down, null), JobIntake::databaseUnreachable);
        Map<String, Future<Throwable>> outcomes = submitAll(items(20));
        awaitQueued(1);
        Thread.sleep(200);
        gate.countDown();
        for (Future<Throwable> outcome : outcomes.values()) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isSameAs(down);
        }
        assertThat(committed).isEmpty();
        assertThat(attempted.stream().filter(batch -> batch.size() == 1).count())
                .as("single-item retries").isLessThanOrEqualTo(1);
    }

    @Test
    void afterCloseNothingIsAccepted() throws Exception {
        commits = new GroupCommit<>("test-commit", 100, writer(new CountDownLatch(0), null, null),
                JobIntake::databaseUnreachable);
        commits.commit("before");
        commits.close();
        assertThatThrownBy(() -> commits.commit("after")).isInstanceOf(GroupCommit.NotCommittedException.class);
        assertThat(committed).containsExactly(List.of("before"));
    }
}
