namespace ForecastWatch.Domain.Digest;

/// <summary>Keeps the <c>capacity</c> smallest items seen (by a comparer) and counts all of them: O(capacity) memory.</summary>
internal sealed class TopList<T>
{
    private readonly PriorityQueue<T, T> _heap;
    private readonly IComparer<T> _comparer;
    private readonly int _capacity;

    public TopList(int capacity, IComparer<T> comparer)
    {
        _capacity = capacity;
        _comparer = comparer;

        // A max-heap on the comparer: the root is the worst kept item, evicted when a better one arrives.
        _heap = new PriorityQueue<T, T>(capacity + 1, Comparer<T>.Create((a, b) => comparer.Compare(b, a)));
    }

    public int Total { get; private set; }

    public void Add(T item)
    {
        Total++;
        if (_heap.Count < _capacity)
        {
            _heap.Enqueue(item, item);
        }
        else if (_capacity > 0 && _comparer.Compare(item, _heap.Peek()) < 0)
        {
            _heap.EnqueueDequeue(item, item);
        }
    }

    public IEnumerable<T> Kept => _heap.UnorderedItems.Select(static e => e.Element);

    public DigestList<T> ToList()
    {
        var items = _heap.UnorderedItems.Select(static e => e.Element).ToList();
        items.Sort(_comparer);
        return new DigestList<T>(Total, items);
    }
}
