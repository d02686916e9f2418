"""svml_lift.py - lifts straight-line SSE blocks of an SVML scalar fallback into
the Ops calls of frontend/Numpy*.h (one call per instruction).

Used for frontend/NumpyAtan2Rare.inc: the two double-length paths of
__svml_datan2_cout_rare_internal (numpy/SVML 1c5260a,
linux/avx512/svml_z0_atan2_d_la.s). The stack is a set of 8-byte cells whose
byte and word stores become bit operations; general registers are 64-bit I
values (32-bit writes zero-extend, byte writes merge). Branches are not
lifted: the caller (atan2Rare in NumpyAtan2.h) decodes them by hand and
passes each block's live registers and cells in.

Usage: python3 scripts/svml_lift.py svml_z0_atan2_d_la.s > frontend/NumpyAtan2Rare.inc.body
"""
import re,sys
class Lift:
    def __init__(s, regs, mem, gpr, tabname):
        s.n=0; s.out=[]; s.x=dict(regs); s.mem=dict(mem); s.g=dict(gpr); s.tab=tabname; s.cmp=None
    def v(s,kind,expr):
        s.n+=1; name=('f' if kind=='F' else 'i')+str(s.n)
        s.out.append(f'  {"F" if kind=="F" else "I"} {name} = {expr};'); return name
    def asF(s,val):
        k,e=val; return e if k=='F' else s.v('F',f'o.fromBits({e})')
    def asI(s,val):
        k,e=val; return e if k=='I' else s.v('I',f'o.bits({e})')
    def tabF(s,off,idx=None):
        if idx is None:
            assert off%8==0; return ('F',f'o.table({s.tab}, {s.tab}Size, o.ci({off//8}))')
        return ('F', s.v('F',f'o.table({s.tab}, {s.tab}Size, o.addI({idx}, o.ci({off//8})))'))
    def ci(s,c): return f'o.ci({c & 0xffffffffffffffff:#x})'
    # memory
    def slot(s,off): b=(off//8)*8; return b, off-b
    def loadMem(s,off,size):
        b,k=s.slot(off)
        if size==8: assert k==0; return s.mem[b]
        i=s.asI(s.mem[b])
        return ('I', s.v('I',f'o.andI(o.lshrI({i}, o.ci({8*k})), {s.ci((1<<(8*size))-1)})'))
    def storeMem(s,off,size,val):
        b,k=s.slot(off)
        if size==8: assert k==0; s.mem[b]=val; return
        old=s.asI(s.mem[b]); nv=s.asI(val); m=((1<<(8*size))-1)<<(8*k)
        s.mem[b]=('I', s.v('I',f'o.orI(o.andI({old}, {s.ci(~m)}), o.andI(o.shlI({nv}, o.ci({8*k})), {s.ci(m)}))'))
    GP={'rax':'a','eax':'a','al':'a','rdx':'d','edx':'d','dl':'d','rsi':'si','esi':'si','sil':'si','si':'si','rdi':'di','edi':'di','dil':'di'}
    def gname(s,r):
        if r in s.GP: base=s.GP[r]; size={'r':8,'e':4}.get(r[0],1)
        else:
            m=re.match(r'r(\d+)([dbw]?)$',r); base='r'+m.group(1); size={'':8,'d':4,'b':1,'w':2}[m.group(2)]
        if r in ('si',): size=2
        if r in ('al','dl','sil','dil'): size=1
        return base,size
    def getG(s,r):
        base,size=s.gname(r); v=s.g[base]
        if size==8: return v
        return ('I', s.v('I',f'o.andI({s.asI(v)}, {s.ci((1<<(8*size))-1)})'))
    def setG(s,r,val):
        base,size=s.gname(r)
        if size==4 or size==8:
            s.g[base]=val if size==8 else ('I', s.v('I',f'o.andI({s.asI(val)}, {s.ci(0xffffffff)})'))
        else:
            old=s.asI(s.g.get(base,('I','o.ci(0)'))); m=(1<<(8*size))-1
            s.g[base]=('I', s.v('I',f'o.orI(o.andI({old}, {s.ci(~m)}), o.andI({s.asI(val)}, {s.ci(m)}))'))
    def operand(s,t,size):
        t=t.strip()
        if t.startswith('%xmm'): return ('xmm',t[1:])
        if t.startswith('%'): return ('gpr',t[1:])
        if t.startswith('$'): return ('imm',int(t[1:],0))
        m=re.match(r'(-?\d+)\(%rsp\)$',t)
        if m: return ('mem',int(m.group(1)))
        m=re.match(r'(\d+)\+__datan2_la_CoutTab\(%rip\)$',t)
        if m: return ('tab',int(m.group(1)))
        m=re.match(r'(\d*)\(%rdi,%rsi,8\)$',t)
        if m: return ('tabidx',int(m.group(1) or 0))
        raise Exception('operand '+t)
    def readF(s,op):
        k,a=op
        if k=='xmm': return s.x[a]
        if k=='mem': return s.loadMem(a,8)
        if k=='tab': return s.tabF(a)
        if k=='tabidx': return s.tabF(a, s.asI(s.g['si']))
        raise Exception(op)
    def readI(s,op,size):
        k,a=op
        if k=='imm': return ('I',s.ci(a & ((1<<(8*size))-1)))
        if k=='gpr': return s.getG(a)
        if k=='mem': return s.loadMem(a,size)
        if k=='tab':
            b=(a//8)*8; t=s.tabF(b); i=s.v('I',f'o.bits({t[1]})')
            return ('I', s.v('I',f'o.andI(o.lshrI({i}, o.ci({8*(a-b)})), {s.ci((1<<(8*size))-1)})'))
        raise Exception(op)
    def writeI(s,op,val,size):
        k,a=op
        if k=='gpr': s.setG(a,val)
        elif k=='mem': s.storeMem(a,size,val)
        else: raise Exception(op)
    def step(s,line):
        line=line.split('#')[0].strip()
        if not line or line.startswith('.'): return None
        op,_,rest=line.partition(' ')
        args=[a for a in re.split(r',\s*(?![^()]*\))',rest.strip())] if rest.strip() else []
        if op=='movq' and args[1].strip()=='(%rcx)': return s.getG(args[0].strip()[1:])
        if op in ('movsd','movaps'):
            src=s.operand(args[0],8); dst=s.operand(args[1],8); v=s.readF(src)
            if dst[0]=='xmm': s.x[dst[1]]=v
            else: s.storeMem(dst[1],8,v)
            return None
        if op in ('addsd','subsd','mulsd','divsd'):
            src=s.operand(args[0],8); dst=s.operand(args[1],8)
            a=s.asF(s.x[dst[1]]); b=s.asF(s.readF(src))
            f={'addsd':'add','subsd':'sub','mulsd':'mul','divsd':'div'}[op]
            s.x[dst[1]]=('F',s.v('F',f'o.{f}({a}, {b})')); return None
        if op=='lea': assert 'CoutTab' in args[0]; return None
        if op=='movq':
            src=s.operand(args[0],8); dst=s.operand(args[1],8)
            v=s.readF(src) if src[0] in('mem','xmm') else s.getG(src[1])
            if dst[0]=='gpr': s.setG(dst[1],v)
            elif dst[0]=='mem': s.storeMem(dst[1],8,v)
            else: s.x[dst[1]]=v
            return None
        sz={'l':4,'b':1,'w':2,'q':8}
        if op=='movzwl':
            v=s.readI(s.operand(args[0],2),2); s.writeI(s.operand(args[1],4),v,4); return None
        if op=='movslq':
            v=s.asI(s.readI(s.operand(args[0],4),4))
            s.writeI(s.operand(args[1],8),('I',s.v('I',f'o.ashrI(o.shlI({v}, o.ci(32)), o.ci(32))')),8); return None
        if op in ('movl','movb','movw'):
            size=sz[op[-1]]; v=s.readI(s.operand(args[0],size),size); s.writeI(s.operand(args[1],size),v,size); return None
        if op=='cmpl':
            s.cmp=(s.readI(s.operand(args[0],4),4), s.readI(s.operand(args[1],4),4)); return None
        if op=='cmovl':
            a,b=s.cmp  # cmp a, b ; cmovl: if b < a (signed 32)
            sx=lambda v: s.v('I',f'o.ashrI(o.shlI({s.asI(v)}, o.ci(32)), o.ci(32))')
            c=s.v('I',f'0') if False else None
            cond=f'o.sltI({sx(b)}, {sx(a)})'
            src=s.asI(s.readI(s.operand(args[0],4),4)); dst=s.operand(args[1],4); old=s.asI(s.readI(dst,4))
            s.writeI(dst,('I',s.v('I',f'o.selectI({cond}, {src}, {old})')),4); return None
        m=re.match(r'(and|or|xor|add|sub|shl|shr|sar|neg)([lbq])$',op)
        if m:
            f,size=m.group(1),sz[m.group(2)]; mask=(1<<(8*size))-1
            dst=s.operand(args[-1],size); d=s.asI(s.readI(dst,size))
            if f=='neg': r=f'o.subI(o.ci(0), {d})'
            else:
                a=s.asI(s.readI(s.operand(args[0],size),size))
                if f=='sar':
                    sh=64-8*size; r=f'o.lshrI(o.ashrI(o.shlI({d}, o.ci({sh})), o.addI({a}, o.ci({sh}))), o.ci(0))'
                else: r=f'o.{ {"and":"andI","or":"orI","xor":"xorI","add":"addI","sub":"subI","shl":"shlI","shr":"lshrI"}[f]}({d}, {a})'
            s.writeI(dst,('I',s.v('I',f'o.andI({r}, {s.ci(mask)})')),size); return None
        raise Exception('op '+line)
def lift(lines, regs, mem, gpr, tab='Atan2Table'):
    L=Lift(regs,mem,gpr,tab)
    for ln in lines:
        r=L.step(ln)
        if r is not None: return L, r
    raise Exception('no end')


def main(path):
    L = open(path).read().split('\n')

    def block(i):
        out = []
        while True:
            out.append(L[i])
            if L[i].strip().startswith('movq') and '(%rcx)' in L[i]:
                return out
            i += 1
    jb = [k for k, l in enumerate(L) if 'jb        .LBL_2_20' in l][0]
    s20 = [k for k, l in enumerate(L) if l.strip() == '.LBL_2_20:'][0]
    regs = {'xmm0': ('F', 'pilo'), 'xmm1': ('F', 'pihi'), 'xmm2': ('F', 'xs'),
            'xmm3': ('F', 'o.c(1.0)'), 'xmm4': ('F', 'scale'), 'xmm5': ('F', 'q')}
    mem = {-48: ('F', 'ys'), -40: ('F', 'scale'), -16: ('F', 'q')}
    gpr = {'a': ('I', 'sx'), 'd': ('I', 'sy')}
    for name, st in [('atan2RareWide', jb + 1), ('atan2RareNarrow', s20 + 1)]:
        lf, r = lift(block(st), regs, mem, gpr)
        ret = 'o.fromBits(%s)' % r[1] if r[0] == 'I' else r[1]
        print(f"""template <class Ops>
typename Ops::F {name}(Ops &o, typename Ops::F pihi, typename Ops::F pilo, typename Ops::F xs,
                     typename Ops::F ys, typename Ops::F scale, typename Ops::F q,
                     typename Ops::I sx, typename Ops::I sy) {{
  using F = typename Ops::F;
  using I = typename Ops::I;
""" + '\n'.join(lf.out) + f"""
  return {ret};
}}
""")


if __name__ == '__main__':
    main(sys.argv[1])
