package dev.toonforge.trainer.ownership;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.RunAssignment;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.service.InvalidRunException;
import dev.toonforge.trainer.service.RunService;
import dev.toonforge.trainer.service.TrainingWorker;
import dev.toonforge.trainer.storage.RunStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which runs this trainer trains: those whose records are on the {@code training.runs} partitions the consumer group
 * gives it. The consumer never commits: each partition it gets is read from the beginning (the topic is compacted, so
 * that is one record per run), and every run there that run.json says is queued or running is queued here once. A
 * partition taken away (another trainer joined, or this one is shutting down) hands its runs over: they stop at a
 * checkpoint and stay active in run.json for the next owner. A trainer that dies stops heartbeating; after the
 * session timeout ({@code failover-seconds}) the group gives its partitions to the others, which resume its runs from
 * their latest checkpoints. The owner generations in the bucket ({@link OwnerGenerations}) keep a trainer that was
 * taken for dead from storing over its successor.
 */
@ApplicationScoped
public class RunOwnership {

    private static final Logger LOG = Logger.getLogger(RunOwnership.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String bootstrap;
    private final TrainerSettings settings;
    private final TrainerInstance instance;
    private final RunsTopic topic;
    private final RunAssignments assignments;
    private final RunService runs;
    private final RunStore runStore;
    private final TrainingWorker worker;
    /** Runs on the partitions owned now: run id to partition (consumer thread only). */
    private final Map<String, Integer> owned = new HashMap<>();
    /**
     * Runs with a train record not queued yet: queued after each poll unless a turn here still holds them (one that is
     * ending), or tried again while the store does not answer.
     */
    private final Set<String> toQueue = ConcurrentHashMap.newKeySet();
    /** Partitions just assigned, with the offset that ends what they held then (consumer thread only). */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public RunOwnership(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, TrainerSettings settings,
                        TrainerInstance instance, RunsTopic topic, RunAssignments assignments, RunService runs,
                        RunStore runStore, TrainingWorker worker) {
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.instance = instance;
        this.topic = topic;
        this.assignments = assignments;
        this.runs = runs;
        this.runStore = runStore;
        this.worker = worker;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        topic.ensureExists();
        try {
            assignments.adoptUnassigned();
        } catch (RuntimeException e) {
            LOG.warnf("Runs without a record on %s not handed out at start: %s", Topics.TRAINING_RUNS, e.getMessage());
        }
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::loop, "run-ownership");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Trainer %s joins group %s on %s (failover after %d s)", instance.id(), settings.ownershipGroup(),
                Topics.TRAINING_RUNS, settings.failoverSeconds());
    }

    /** Closes the consumer: its runs are handed over and the group gives its partitions to the others at once. */
    void onStop(@Observes @Priority(10) ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(settings.failoverSeconds()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<String, Object> consumerConfig() {
        int sessionMs = settings.failoverSeconds() * 1000;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.ownershipGroup());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, instance.id());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionMs / 5));
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    private void loop() {
        KafkaConsumer<String, String> c = consumer;
        try {
            c.subscribe(List.of(Topics.TRAINING_RUNS), new Listener(c));
            while (running) {
                Map<String, ConsumerRecord<String, String>> newest = new LinkedHashMap<>();
                for (ConsumerRecord<String, String> record : c.poll(POLL)) {
                    newest.remove(record.key());
                    newest.put(record.key(), record);
                }
                newest.values().forEach(this::handleSafely);
                queueWaitingRuns();
                try {
                    reportCaughtUp(c);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.debugf("Positions on %s not known yet: %s", Topics.TRAINING_RUNS, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "Trainer %s stopped reading %s; its runs go to the other trainers", instance.id(),
                    Topics.TRAINING_RUNS);
        } finally {
            c.close(Duration.ofSeconds(settings.failoverSeconds()));
            LOG.infof("Trainer %s left group %s", instance.id(), settings.ownershipGroup());
        }
    }

    private void handleSafely(ConsumerRecord<String, String> record) {
        try {
            handle(record);
        } catch (RuntimeException e) {
            // The store may be away: the record is looked at again on the next assignment of its partition.
            LOG.warnf("Record of run %s on %s partition %d not handled: %s", record.key(), Topics.TRAINING_RUNS,
                    record.partition(), e.getMessage());
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        String runId = record.key();
        if (runId == null) {
            return;
        }
        if (record.value() == null) {
            owned.remove(runId);
            return;
        }
        Optional<RunAssignment> assignment = EventCodec.tryDecode(record.value(), RunAssignment.class,
                Topics.TRAINING_RUNS + " partition " + record.partition());
        if (assignment.isEmpty()) {
            return;
        }
        owned.put(runId, record.partition());
        if (assignment.get().stop()) {
            stop(runId);
        } else {
            toQueue.add(runId);   // queued right after this poll, or once an earlier turn here has left it
        }
    }

    /** Queues each run of {@link #toQueue} that no turn here holds, if run.json says it is still active. */
    private void queueWaitingRuns() {
        for (String runId : List.copyOf(toQueue)) {
            Integer partition = owned.get(runId);
            if (partition == null) {
                toQueue.remove(runId);
            } else if (!worker.holds(runId)) {
                try {
                    train(runId, partition);
                    toQueue.remove(runId);
                } catch (RuntimeException e) {
                    LOG.warnf("Run %s not queued yet (tried again after the next poll): %s", runId, e.getMessage());
                }
            }
        }
    }

    /** Queues the run here if run.json says it is active. */
    private void train(String runId, int partition) {
        Optional<RunManifest> stored = runStore.find(runId);
        if (stored.isEmpty() || !stored.get().state().isActive()) {
            return;
        }
        RunManifest run = stored.get();
        // Marked first, so that a read of the API at this moment cannot put the bucket's older view back in memory.
        runs.trainingHere(runId, true);
        try {
            runs.adopt(run);
            if (run.state() == RunState.running || run.progress().trainer() == null
                    || !instance.id().equals(run.progress().trainer())) {
                runs.update(runId, p -> (p.state() == RunState.running ? p.withState(RunState.queued, null) : p)
                        .withTrainer(instance.id()));
            }
        } catch (RuntimeException e) {
            runs.trainingHere(runId, false);
            throw e;
        }
        LOG.infof("Run %s (partition %d) is owned by %s now: queued to %s", runId, partition, instance.id(),
                run.progress().epoch() > 0 ? "resume after epoch " + run.progress().epoch() : "train");
        worker.enqueue(runId);
    }

    /** A stop sent to the owner: a run training here stops at a checkpoint; one not started yet is stopped at once. */
    private void stop(String runId) {
        toQueue.remove(runId);
        if (worker.holds(runId)) {
            worker.requestStop(runId);
            runs.find(runId).filter(run -> run.state() == RunState.queued).ifPresent(run -> stopQueued(runId));
            return;
        }
        runStore.find(runId).filter(run -> run.state().isActive()).ifPresent(run -> {
            runs.adopt(run);
            stopQueued(runId);
        });
    }

    private void stopQueued(String runId) {
        try {
            RunManifest stopped = runs.setState(runId, RunState.stopped, null);
            LOG.infof("Run %s stopped before it trained on; it resumes after epoch %d", runId, stopped.progress().epoch());
            assignments.ended(stopped);
        } catch (InvalidRunException e) {
            LOG.debugf("Run %s not stopped here: %s", runId, e.getMessage());
        }
    }

    private void reportCaughtUp(KafkaConsumer<String, String> c) {
        if (catchingUp.isEmpty()) {
            return;
        }
        catchingUp.entrySet().removeIf(e -> !c.assignment().contains(e.getKey()) || c.position(e.getKey()) >= e.getValue());
        if (catchingUp.isEmpty()) {
            LOG.infof("Trainer %s has read its partitions of %s: %d runs there, %d queued or training here",
                    instance.id(), Topics.TRAINING_RUNS, owned.size(), owned.keySet().stream().filter(worker::holds).count());
        }
    }

    private final class Listener implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, String> c;

        Listener(KafkaConsumer<String, String> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            c.seekToBeginning(partitions);
            catchingUp.putAll(c.endOffsets(partitions));
            LOG.infof("Trainer %s owns %s partitions %s now (all: %s)", instance.id(), Topics.TRAINING_RUNS,
                    numbers(partitions), numbers(c.assignment()));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handOver(partitions, "were given up (another trainer joined the group, or this one is stopping)");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            handOver(partitions, "were lost (this trainer was silent too long)");
        }

        private void handOver(Collection<TopicPartition> partitions, String why) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> numbers = Set.copyOf(numbers(partitions));
            List<String> leaving = owned.entrySet().stream().filter(e -> numbers.contains(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            for (String runId : leaving) {
                owned.remove(runId);
                toQueue.remove(runId);
                if (worker.holds(runId)) {
                    handOverRun(runId);
                }
            }
            partitions.forEach(catchingUp::remove);
            LOG.infof("Trainer %s: %s partitions %s %s; %d runs handed over", instance.id(), Topics.TRAINING_RUNS,
                    numbers(partitions), why, leaving.size());
        }

        private void handOverRun(String runId) {
            try {
                if (!worker.handOver(runId, Duration.ofSeconds(settings.failoverSeconds()))) {
                    LOG.warnf("Run %s is still finishing its step after %d s; its next owner's generation fences it",
                            runId, settings.failoverSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
