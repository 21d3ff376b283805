BEGIN{FS=OFS=","} NR==1{print $0,"standard","payment","eligible";next}
{std=($3=="urban")?88500:66000; inc=int($5*100+0.5); pay=std*$4-inc; if(pay<0)pay=0;
 printf "%s,%.2f,%.2f,%s\n",$0,std/100,pay/100,(pay>0?"True":"False")}
