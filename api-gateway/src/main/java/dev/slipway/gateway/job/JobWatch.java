package dev.slipway.gateway.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The watchdog's read side: which jobs look silent or expired (re-checked under lock before anything changes). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class JobWatch {

    private final JobRepository jobs;

    JobWatch(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** @return RUNNING jobs with no sign of life since {@code silentSince} */
    public List<UUID> silentRunning(Instant silentSince) {
        return jobs.silentRunning(silentSince);
    }

    /** @return QUEUED jobs past their expiry */
    public List<UUID> expiredQueued(Instant now) {
        return jobs.expiredQueued(now);
    }
}
