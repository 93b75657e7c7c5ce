
namespace Prometheus.Distributed.Stores.Redis;

/// <summary>The chunks of a flush that go to one hash slot, one Lua script call each, in their order.</summary>
/// <param name="Slot">The slot (see <see cref="RedisKeys.ScriptSlot"/>).</param>
/// <param name="Chunks">Its chunks, planned by <see cref="WriteChunkPlanner"/>.</param>
internal sealed record SlotChunks(int Slot, IReadOnlyList<IReadOnlyList<FamilyWrite>> Chunks);
