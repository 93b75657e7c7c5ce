
namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Groups a flush's families by the slot whose script writes them (<see cref="RedisKeys.ScriptSlot"/>), in the order
/// their first family appears, then chunks each group with <see cref="WriteChunkPlanner"/>. A family is one key, so it
/// is never split between slots; the plan depends only on the batch and the layout, so a retry plans alike and each
/// slot's markers skip what already landed. In the one-slot layout this is exactly one group.
/// </summary>
internal static class SlotChunkPlanner
{
    /// <summary>Plans the slots' chunks; slots without writes are left out.</summary>
    public static IReadOnlyList<SlotChunks> Plan(IReadOnlyList<FamilyWrite> families, int maxWrites, RedisKeys keys)
    {
        var groups = new Dictionary<int, List<FamilyWrite>>();
        var order = new List<int>();
        foreach (var family in families)
        {
            var slot = keys.ScriptSlot(family.Metadata.Name, family.Metadata);
            if (!groups.TryGetValue(slot, out var group))
            {
                groups[slot] = group = [];
                order.Add(slot);
            }

            group.Add(family);
        }

        var plan = new List<SlotChunks>(order.Count);
        foreach (var slot in order)
        {
            var chunks = WriteChunkPlanner.Plan(groups[slot], maxWrites);
            if (chunks.Count > 0)
            {
                plan.Add(new SlotChunks(slot, chunks));
            }
        }

        return plan;
    }
}
