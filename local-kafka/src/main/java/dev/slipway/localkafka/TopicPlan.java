package dev.slipway.localkafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.slipway.common.job.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Slipway's topics and how many partitions each gets on the local broker. Job topics get many partitions so that
 * many workers of one consumer group share them; the control topic has one, since every worker reads all of it.
 */
final class TopicPlan {

    /** One topic to create. */
    record Entry(String name, int partitions) {
    }

    static final int JOB_PARTITIONS = 12;

    static final List<Entry> TOPICS = List.of(
            new Entry(Topics.BUILD_JOBS, JOB_PARTITIONS),
            new Entry(Topics.SYNC_JOBS, JOB_PARTITIONS),
            new Entry(Topics.JOB_EVENTS, JOB_PARTITIONS),
            new Entry(Topics.JOB_CONTROL, 1));

    private static final short REPLICATION = 1;

    private TopicPlan() {
    }

    /**
     * Creates the topics that are missing; existing ones are kept as they are, with their records.
     *
     * @return the names of the topics it created
     */
    static List<String> ensureTopics(Admin admin) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Entry entry : TOPICS) {
            if (!existing.contains(entry.name())) {
                missing.add(new NewTopic(entry.name(), entry.partitions(), REPLICATION));
            }
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            // Another client created one in between: that is the state we want.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
