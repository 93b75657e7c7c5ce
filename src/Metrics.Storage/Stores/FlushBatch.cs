namespace Prometheus.Distributed.Stores;

/// <summary>
/// The merged deltas of every series that changed since the previous flush of one process.
/// A store applies a batch atomically and at most once per (<see cref="InstanceId"/>, <see cref="Sequence"/>):
/// a batch retried after a lost reply must not count twice.
/// </summary>
/// <param name="InstanceId">The writing process's instance id.</param>
/// <param name="Sequence">Increases by one per new batch of this instance; a retry reuses the number.</param>
/// <param name="Families">The families that changed.</param>
internal sealed record FlushBatch(string InstanceId, long Sequence, IReadOnlyList<FamilyWrite> Families);
