/* out[i] = i: the index sequence that arange, linspace and the index helpers build on. */
__kernel void iota(__global long* out, const long n)
{
    const long i = get_global_id(0);
    if (i < n)
        out[i] = i;
}
