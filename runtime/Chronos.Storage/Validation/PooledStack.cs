using System.Buffers;
using System.Runtime.CompilerServices;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Validation;

/// <summary>
/// A last-in-first-out stack over an <see cref="ArrayPool{T}"/> array, for the JSON walks of <see cref="JsonLimits"/>:
/// they run on every write, and a <see cref="Stack{T}"/> per walk was most of what validation allocated per record.
/// A mutable struct: keep it in a local, never copy it, and call <see cref="Release"/> in a <c>finally</c>.
/// </summary>
internal struct PooledStack<T>
{
    private T[] _items;
    private int _count;

    public PooledStack(int capacity) => _items = ArrayPool<T>.Shared.Rent(capacity);

    public readonly bool IsEmpty => _count == 0;

    public void Push(T item)
    {
        if (_count == _items.Length) Grow();
        _items[_count++] = item;
    }

    public T Pop()
    {
        var item = _items[--_count];
        _items[_count] = default!; // the pool must not keep the caller's nodes alive
        return item;
    }

    /// <summary>Gives the array back to the pool, cleared of references; the stack is empty and unusable after.</summary>
    public void Release()
    {
        ArrayPool<T>.Shared.Return(_items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = [];
        _count = 0;
    }

    private void Grow()
    {
        var bigger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
        Array.Copy(_items, bigger, _count);
        ArrayPool<T>.Shared.Return(_items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = bigger;
    }
}
