package dev.slipway.gateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.common.job.Topics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class JobDispatchTest {

    private static List<PartitionInfo> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new PartitionInfo(topic, p, null, null, null)).toList();
    }

    @Test
    void aQueueOfBuildsIsSpreadEvenlyOverThePartitions() {
        JobDispatch dispatch = new JobDispatch(topic -> partitions(topic, 12));
        Map<Integer, Integer> perPartition = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            perPartition.merge(dispatch.partition(Topics.BUILD_JOBS), 1, Integer::sum);
        }
        assertEquals(12, perPartition.size());
        perPartition.values().forEach(n -> assertTrue(n == 3 || n == 4, "3 or 4 builds per partition: " + perPartition));
        // workers take partitions in turn (the build-workers' RoundRobinAssignor): 2 workers get 20 builds each,
        // 4 workers 10 each
        for (int workers : new int[] {2, 4}) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                int builds = IntStream.range(0, 12).filter(p -> p % workers == worker).map(perPartition::get).sum();
                assertEquals(40 / workers, builds, workers + " workers, worker " + w);
            }
        }
    }

    @Test
    void eachJobTopicTakesItsOwnTurnsAndCancelsKeepTheirKey() {
        JobDispatch dispatch = new JobDispatch(topic -> partitions(topic, 3));
        assertEquals(0, dispatch.partition(Topics.BUILD_JOBS));
        assertEquals(0, dispatch.partition(Topics.SYNC_JOBS));
        assertEquals(1, dispatch.partition(Topics.BUILD_JOBS));
        assertNull(dispatch.partition(Topics.JOB_CONTROL));
    }
}
